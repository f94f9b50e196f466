"""mmengine's Runner with a console that shows progress, not set-up."""
import logging

from mmengine.runner import Runner

from onehead.registry import RUNNERS

_SETUP_DUMP = ('\n' + '-' * 60 + '\nSystem environment:', 'Config:\n',
               'Hooks will be executed in the following order')


class SetupDumpFilter(logging.Filter):
    """Drops the environment, config and hook-order dumps (hundreds of
    lines before the first iteration or the first error); warnings,
    errors and training progress pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO or \
            not str(record.msg).startswith(_SETUP_DUMP)


@RUNNERS.register_module()
class OneheadRunner(Runner):
    """Keeps the set-up dump in the work dir's log file and off the
    console, unless the config says ``verbose = True`` (the tools'
    ``--verbose``)."""

    def build_logger(self, *args, **kwargs):
        logger = super().build_logger(*args, **kwargs)
        if not self.cfg.get('verbose', False):
            for h in logger.handlers:
                if type(h) is logging.StreamHandler and not any(
                        isinstance(f, SetupDumpFilter) for f in h.filters):
                    h.addFilter(SetupDumpFilter())
        return logger
