"""egov: a provincial e-government platform."""

import warnings

__version__ = "0.1.0"

# pyHanko 0.38 imports cryptography's DSA types (for reading old signatures) and cryptography warns about DSA on
# that import, so every ``egov`` command printed a CryptographyDeprecationWarning. We never sign with DSA; only that
# warning, raised from pyHanko's modules, is silenced (drop this when pyHanko no longer imports DSA).
warnings.filterwarnings("ignore", message=r"DSA is deprecated", module=r"pyhanko(\.|$)")
