from hypothesis import given, settings
from hypothesis import strategies as st

from egov.payments.contrib.vnpay import sign, signature_ok

names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
values = st.text(min_size=1, max_size=30).filter(lambda v: "\x00" not in v)
keys = names.map(lambda n: f"vnp_{n}").filter(lambda k: not k.startswith("vnp_SecureHash"))
params_st = st.dictionaries(keys, values, min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(params=params_st, secret=st.text(min_size=1, max_size=20), data=st.data())
def test_signed_params_verify_and_any_change_breaks_them(params, secret, data):
    signed = {**params, "vnp_SecureHash": sign(params, secret)}
    assert signature_ok(signed, secret)
    key = data.draw(st.sampled_from(sorted(params)))
    changed = data.draw(values.filter(lambda v: v != params[key]))
    assert not signature_ok({**signed, key: changed}, secret)
    assert not signature_ok(signed, secret + "x")
