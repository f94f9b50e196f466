# Dataloader settings shared by every config; leaves add `dataset=...`.
# Workers start anew each epoch, seeded from the epoch's generator
# (EpochSeedHook + seed_worker), so resume continues the same random draws.
train_dataloader = dict(
    batch_size=8, num_workers=2, persistent_workers=False,
    worker_init_fn=dict(type='onehead.seed_worker'),
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='pseudo_collate'))
val_dataloader = dict(
    batch_size=8, num_workers=2, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='pseudo_collate'))
test_dataloader = val_dataloader
