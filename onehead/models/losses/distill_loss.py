"""Distillation of the unified head's outputs (LwF and teacher models)."""
import torch
import torch.nn.functional as F


def softmax_kl(student, teacher, temperature: float = 1.0, dim: int = 1):
    """KL(teacher || student) of softmax over ``dim`` at temperature T,
    times T^2 (Hinton et al.), averaged over the other positions."""
    t = temperature
    log_p_s = F.log_softmax(student.float() / t, dim)
    log_p_t = F.log_softmax(teacher.float() / t, dim)
    kl = (log_p_t.exp() * (log_p_t - log_p_s)).sum(dim)
    return kl.mean() * t * t


def bernoulli_kl(student, teacher, temperature: float = 1.0, weight=None):
    """Per-element KL of sigmoid outputs, zero iff student == teacher."""
    t = temperature
    s, q = student.float() / t, teacher.float() / t
    p = torch.sigmoid(q)
    kl = (p * (F.logsigmoid(q) - F.logsigmoid(s)) +
          (1 - p) * (F.logsigmoid(-q) - F.logsigmoid(-s)))
    if weight is not None:
        return (kl * weight).sum() / weight.sum().clamp(min=1e-6) * t * t
    return kl.mean() * t * t


def unified_distill_loss(head, student_out, teacher_out, tasks,
                         temperature: float = 2.0, weights=None) -> dict:
    """Distil the channels of ``tasks`` from the teacher's unified tensor.

    seg and cls: softmax KL per cell / per image. det: Bernoulli KL of the
    confidence everywhere, of the class scores and (L1) of the box
    parameters where the teacher is confident (weighted by its confidence).
    """
    weights = weights or {}
    s, t = head.split(student_out), head.split(teacher_out)
    out = {}
    if 'seg' in tasks:
        out['loss_seg'] = weights.get('seg', 1.0) * softmax_kl(
            s['seg'], t['seg'], temperature)
    if 'cls' in tasks:
        out['loss_cls'] = weights.get('cls', 1.0) * softmax_kl(
            s['cls'], t['cls'], temperature)
    if 'det' in tasks:
        sd, td = s['det'], t['det']
        conf_w = torch.sigmoid(td[:, 4:5].float())
        loss = bernoulli_kl(sd[:, 4], td[:, 4], temperature)
        loss = loss + bernoulli_kl(sd[:, 5:], td[:, 5:], temperature,
                                   conf_w.expand_as(sd[:, 5:]))
        box = (sd[:, :4].float() - td[:, :4].float()).abs()
        loss = loss + (box * conf_w).sum() / (conf_w.sum() * 4).clamp(
            min=1e-6)
        out['loss_det'] = weights.get('det', 1.0) * loss
    return out
