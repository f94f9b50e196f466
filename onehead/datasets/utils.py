"""Checks shared by the datasets: clear errors that name the file."""
import os.path as osp


class DatasetLayoutError(ValueError):
    """A dataset file or folder is missing or not in the expected layout."""


def require_file(path: str, what: str) -> str:
    if not osp.isfile(path):
        raise DatasetLayoutError(f'{path}: {what} not found')
    return path


def require_dir(path: str, what: str, hint: str = '') -> str:
    if not osp.isdir(path):
        raise DatasetLayoutError(
            f'{path}: {what} not found' + (f' ({hint})' if hint else ''))
    return path
