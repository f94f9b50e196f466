from .atomic_checkpoint_hook import AtomicCheckpointHook
from .check_val_data_hook import CheckValDataHook
from .checkpoint_meta_hook import CheckpointMetaHook
from .epoch_seed_hook import EpochSeedHook, seed_worker
from .ewc_hook import EWCHook, diagonal_fisher
from .frozen_rows_hook import FrozenRowsHook
from .gradient_projection_hook import GradientProjectionHook
from .lwf_hook import LwFHook
from .principal_component_init_hook import PrincipalComponentInitHook
from .replay_buffer import ClassBalancedReservoir
from .replay_hook import ReplayHook
from .stage_results_hook import StageResultsHook
from .teacher_distill_hook import TeacherDistillHook
from .visualization_hook import PredictionVisualizationHook

__all__ = [
    'ReplayHook', 'EWCHook', 'LwFHook', 'StageResultsHook',
    'ClassBalancedReservoir', 'diagonal_fisher', 'PredictionVisualizationHook',
    'TeacherDistillHook', 'AtomicCheckpointHook', 'EpochSeedHook',
    'CheckValDataHook', 'CheckpointMetaHook', 'GradientProjectionHook',
    'PrincipalComponentInitHook', 'FrozenRowsHook', 'seed_worker'
]
