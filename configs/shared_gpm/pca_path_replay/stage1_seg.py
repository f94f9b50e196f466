# Variant with a stage 1 of its own: the path from the backbone's last
# level to the head's hidden map (the stride-32 lateral, the neck's fuse
# conv, the head's first conv) starts at the leading principal directions
# of what each reads on segmentation's images and stays there in stage 1;
# segmentation trains the other laterals, the head's second conv and its
# rows.
_base_ = ['../stage1_seg.py']
pca_layers = _base_.pca_path
model = dict(frozen=['backbone'] + pca_layers)
custom_hooks = [dict(type='PrincipalComponentInitHook', layers=pca_layers,
                     dataset=_base_.seg_train_plain, num_samples=64)]
