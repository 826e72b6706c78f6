import pytest


@pytest.fixture(scope="session")
def _signatures_var_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("signatures-var")


@pytest.fixture(autouse=True)
def _demo_ca_in_tmp(settings, _signatures_var_dir):
    """One demo CA per test session, outside the developer's VAR_DIR."""
    settings.VAR_DIR = _signatures_var_dir
