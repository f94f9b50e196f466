"""Import every registering module and make onehead the default scope."""
import datetime
import warnings

from mmengine import DefaultScope


def register_all_modules(init_default_scope: bool = True) -> None:
    import onehead.datasets  # noqa: F401
    import onehead.engine  # noqa: F401
    import onehead.evaluation  # noqa: F401
    import onehead.models  # noqa: F401
    import onehead.visualization  # noqa: F401

    if not init_default_scope:
        return
    current = DefaultScope.get_current_instance()
    if current is None or not DefaultScope.check_instance_created('onehead'):
        if current is not None and current.scope_name != 'onehead':
            warnings.warn(f'default scope was {current.scope_name!r}; '
                          'a new scope "onehead" is made current')
            name = f'onehead-{datetime.datetime.now()}'
            DefaultScope.get_instance(name, scope_name='onehead')
        else:
            DefaultScope.get_instance('onehead', scope_name='onehead')
