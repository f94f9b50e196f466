from .conv_neck import ConvNeck
from .single_fpn import SingleFPN

__all__ = ['ConvNeck', 'SingleFPN']
