from .fast_path import enable_fast_path
from .inference import inference_model, inference_pipeline, init_model

__all__ = ['init_model', 'inference_model', 'inference_pipeline',
           'enable_fast_path']
