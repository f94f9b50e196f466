from .backbones import *  # noqa: F401,F403
from .batch_augments import CutMix
from .cpu_ddp import CPUFriendlyDDP
from .data_preprocessor import MultiTaskDataPreprocessor
from .heads import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .multitask_model import MultiTaskModel
from .necks import *  # noqa: F401,F403

__all__ = ['MultiTaskModel', 'MultiTaskDataPreprocessor', 'CPUFriendlyDDP',
           'CutMix']
