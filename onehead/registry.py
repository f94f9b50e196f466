"""onehead's children of every mmengine root registry.

A config with ``default_scope='onehead'`` builds every component without
manual imports: each registry names the modules (``locations``) that
register into it, and mmengine imports them on the first build.
"""
from mmengine.registry import DATA_SAMPLERS as MMENGINE_DATA_SAMPLERS
from mmengine.registry import DATASETS as MMENGINE_DATASETS
from mmengine.registry import EVALUATOR as MMENGINE_EVALUATOR
from mmengine.registry import FUNCTIONS as MMENGINE_FUNCTIONS
from mmengine.registry import HOOKS as MMENGINE_HOOKS
from mmengine.registry import LOG_PROCESSORS as MMENGINE_LOG_PROCESSORS
from mmengine.registry import LOOPS as MMENGINE_LOOPS
from mmengine.registry import METRICS as MMENGINE_METRICS
from mmengine.registry import MODEL_WRAPPERS as MMENGINE_MODEL_WRAPPERS
from mmengine.registry import MODELS as MMENGINE_MODELS
from mmengine.registry import \
    OPTIM_WRAPPER_CONSTRUCTORS as MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS
from mmengine.registry import OPTIM_WRAPPERS as MMENGINE_OPTIM_WRAPPERS
from mmengine.registry import OPTIMIZERS as MMENGINE_OPTIMIZERS
from mmengine.registry import PARAM_SCHEDULERS as MMENGINE_PARAM_SCHEDULERS
from mmengine.registry import \
    RUNNER_CONSTRUCTORS as MMENGINE_RUNNER_CONSTRUCTORS
from mmengine.registry import RUNNERS as MMENGINE_RUNNERS
from mmengine.registry import TASK_UTILS as MMENGINE_TASK_UTILS
from mmengine.registry import TRANSFORMS as MMENGINE_TRANSFORMS
from mmengine.registry import VISBACKENDS as MMENGINE_VISBACKENDS
from mmengine.registry import VISUALIZERS as MMENGINE_VISUALIZERS
from mmengine.registry import \
    WEIGHT_INITIALIZERS as MMENGINE_WEIGHT_INITIALIZERS
from mmengine.registry import Registry

__all__ = [
    'RUNNERS', 'RUNNER_CONSTRUCTORS', 'LOOPS', 'HOOKS', 'LOG_PROCESSORS',
    'OPTIMIZERS', 'OPTIM_WRAPPERS', 'OPTIM_WRAPPER_CONSTRUCTORS',
    'PARAM_SCHEDULERS', 'DATASETS', 'DATA_SAMPLERS', 'TRANSFORMS', 'MODELS',
    'MODEL_WRAPPERS', 'WEIGHT_INITIALIZERS', 'TASK_UTILS', 'FUNCTIONS',
    'METRICS', 'EVALUATOR', 'VISUALIZERS', 'VISBACKENDS'
]

# Runner and its parts
RUNNERS = Registry('runner', parent=MMENGINE_RUNNERS,
                   locations=['onehead.engine'])
RUNNER_CONSTRUCTORS = Registry('runner constructor',
                               parent=MMENGINE_RUNNER_CONSTRUCTORS,
                               locations=['onehead.engine'])
LOOPS = Registry('loop', parent=MMENGINE_LOOPS, locations=['onehead.engine'])
HOOKS = Registry('hook', parent=MMENGINE_HOOKS,
                 locations=['onehead.engine.hooks'])
LOG_PROCESSORS = Registry('log processor', parent=MMENGINE_LOG_PROCESSORS,
                          locations=['onehead.engine'])
OPTIMIZERS = Registry('optimizer', parent=MMENGINE_OPTIMIZERS,
                      locations=['onehead.engine'])
OPTIM_WRAPPERS = Registry('optim_wrapper', parent=MMENGINE_OPTIM_WRAPPERS,
                          locations=['onehead.engine'])
OPTIM_WRAPPER_CONSTRUCTORS = Registry(
    'optimizer wrapper constructor',
    parent=MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS,
    locations=['onehead.engine'])
PARAM_SCHEDULERS = Registry('parameter scheduler',
                            parent=MMENGINE_PARAM_SCHEDULERS,
                            locations=['onehead.engine'])

# Data
DATASETS = Registry('dataset', parent=MMENGINE_DATASETS,
                    locations=['onehead.datasets'])
DATA_SAMPLERS = Registry('data sampler', parent=MMENGINE_DATA_SAMPLERS,
                         locations=['onehead.datasets'])
TRANSFORMS = Registry('transform', parent=MMENGINE_TRANSFORMS,
                      locations=['onehead.datasets.transforms'])

# Models
MODELS = Registry('model', parent=MMENGINE_MODELS,
                  locations=['onehead.models'])
MODEL_WRAPPERS = Registry('model_wrapper', parent=MMENGINE_MODEL_WRAPPERS,
                          locations=['onehead.models'])
WEIGHT_INITIALIZERS = Registry('weight initializer',
                               parent=MMENGINE_WEIGHT_INITIALIZERS,
                               locations=['onehead.models'])
TASK_UTILS = Registry('task util', parent=MMENGINE_TASK_UTILS,
                      locations=['onehead.models'])
FUNCTIONS = Registry('function', parent=MMENGINE_FUNCTIONS,
                     locations=['onehead.datasets'])

# Evaluation and visualisation
METRICS = Registry('metric', parent=MMENGINE_METRICS,
                   locations=['onehead.evaluation'])
EVALUATOR = Registry('evaluator', parent=MMENGINE_EVALUATOR,
                     locations=['onehead.evaluation'])
VISUALIZERS = Registry('visualizer', parent=MMENGINE_VISUALIZERS,
                       locations=['onehead.visualization'])
VISBACKENDS = Registry('vis_backend', parent=MMENGINE_VISBACKENDS,
                       locations=['onehead.visualization'])
