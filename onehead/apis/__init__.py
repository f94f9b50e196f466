from .inference import inference_model, inference_pipeline, init_model

__all__ = ['init_model', 'inference_model', 'inference_pipeline']
