# The course's three datasets (Mini-COCO-Det, Mini-VOC-Seg, Imagenette-160)
# under $ONEHEAD_DATA (default: data). Defines `{det,seg,cls}_{train,val}`.
_base_ = ['./mini_coco_det.py', './mini_voc_seg.py', './imagenette.py',
          './loaders.py']
num_classes = dict(det=10, seg=21, cls=10)
