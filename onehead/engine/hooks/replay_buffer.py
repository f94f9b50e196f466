"""Class-balanced reservoir (CBRS, Chrysakis & Moens, ICML 2020)."""
import random
from collections import Counter
from typing import Any, Dict, Iterable, List


class ClassBalancedReservoir:
    """A fixed-size sample of a stream that keeps classes balanced.

    While there is room every item is kept. When full, an item whose class
    is not the largest in the buffer replaces a random item of the largest
    class; an item of the largest class replaces a random item of its own
    class with probability (its class's share of the buffer) / (items of
    that class seen). A multi-label item (a detection or segmentation
    image) counts as its rarest label in the buffer.
    """

    def __init__(self, capacity: int, seed: int = 0):
        if capacity <= 0:
            raise ValueError(f'capacity must be positive, got {capacity}')
        self.capacity = capacity
        self.items: List[Any] = []
        self.labels: List[int] = []
        self.seen: Counter = Counter()
        self.rng = random.Random(seed)

    def _label(self, labels: Iterable[int]) -> int:
        labels = sorted(set(int(x) for x in labels))
        if not labels:
            return -1  # e.g. an image of background only
        counts = Counter(self.labels)
        return min(labels, key=lambda c: (counts[c], c))

    def add(self, item: Any, labels: Iterable[int]) -> None:
        c = self._label(labels)
        self.seen[c] += 1
        if len(self.items) < self.capacity:
            self.items.append(item)
            self.labels.append(c)
            return
        counts = Counter(self.labels)
        largest = max(counts.values())
        full_classes = [k for k, v in counts.items() if v == largest]
        if c not in full_classes:
            victim_class = self.rng.choice(sorted(full_classes))
        elif self.rng.random() < counts[c] / self.seen[c]:
            victim_class = c
        else:
            return
        victims = [i for i, k in enumerate(self.labels) if k == victim_class]
        i = self.rng.choice(victims)
        self.items[i], self.labels[i] = item, c

    def class_counts(self) -> Dict[int, int]:
        return dict(Counter(self.labels))
