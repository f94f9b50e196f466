from .cutmix import CutMix

__all__ = ['CutMix']
