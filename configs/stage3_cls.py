# Stage 3: classification alone, from stage 2; nothing against forgetting.
_base_ = ['./_base_/stages/cls.py']
