"""DDP that also works on CPU (gloo): mmengine always passes device_ids."""
from mmengine.model import MMDistributedDataParallel

from onehead.registry import MODEL_WRAPPERS


@MODEL_WRAPPERS.register_module()
class CPUFriendlyDDP(MMDistributedDataParallel):
    """mmengine's DDP wrapper; on a CPU module ``device_ids`` is dropped,
    as torch requires."""

    def __init__(self, module, device_ids=None, **kwargs):
        if next(module.parameters()).device.type == 'cpu':
            device_ids = None
        super().__init__(module=module, device_ids=device_ids, **kwargs)
