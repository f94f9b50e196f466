from .hooks import *  # noqa: F401,F403
from .runner import OneheadRunner, SetupDumpFilter  # noqa: F401
