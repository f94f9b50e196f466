from .draw import (draw_boxes, draw_sample, draw_sem_seg, draw_text_lines,
                   render_packed)

__all__ = ['draw_boxes', 'draw_sem_seg', 'draw_text_lines', 'draw_sample',
           'render_packed']
