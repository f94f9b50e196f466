from .unified_head import UnifiedHead

__all__ = ['UnifiedHead']
