# Stage 2: detection alone, from stage 1; nothing against forgetting.
_base_ = ['./_base_/stages/det.py']
