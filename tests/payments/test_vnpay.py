import hashlib
import hmac
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

from egov.payments.contrib.vnpay import VnpayGateway, ascii_text, hash_data, sign, to_vnd

# The parameters of the example payment URL in VNPay's integration guide (v2.1.0) and the query string
# the guide shows for them (before "&vnp_SecureHash=").
DOC_PARAMS = {
    "vnp_Version": "2.1.0",
    "vnp_Command": "pay",
    "vnp_TmnCode": "DEMOV210",
    "vnp_Amount": "1806000",
    "vnp_CurrCode": "VND",
    "vnp_TxnRef": "5",
    "vnp_OrderInfo": "Thanh toan don hang :5",
    "vnp_OrderType": "other",
    "vnp_Locale": "vn",
    "vnp_ReturnUrl": "https://domainmerchant.vn/ReturnUrl",
    "vnp_IpAddr": "127.0.0.1",
    "vnp_CreateDate": "20210801153333",
}
DOC_QUERY = (
    "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1"
    "&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other"
    "&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0"
)
SECRET = "EGOVTESTSECRETKEY0123456789ABCDE"


def gateway():
    return VnpayGateway(tmn_code="DEMOV210", hash_secret=SECRET, pay_url="https://pay.example/vpcpay.html")


def test_hash_data_matches_the_documented_encoding():
    assert hash_data(DOC_PARAMS) == DOC_QUERY


def test_secure_hash_is_hmac_sha512_of_the_encoded_string():
    expected = hmac.new(SECRET.encode(), DOC_QUERY.encode(), hashlib.sha512).hexdigest()
    assert sign(DOC_PARAMS, SECRET) == expected
    # The same, as a fixed vector, so that any change in the algorithm shows up here.
    assert expected == (
        "7a92e282551366f443156f6ad9575d0a3be51afd803a8e46106f1cc65c3b0a41"
        "b20f2e06106886c31658ebd7d57ee3aa650369d3bd11de2003c0cb59f97971f7"
    )


def test_hash_ignores_empty_values_and_the_hash_fields():
    noisy = {**DOC_PARAMS, "vnp_BankCode": "", "vnp_SecureHash": "x", "vnp_SecureHashType": "HmacSHA512", "other": 1}
    assert hash_data(noisy) == DOC_QUERY


def test_payment_url_has_sorted_params_amount_times_100_and_a_valid_hash():
    txn = SimpleNamespace(
        amount=Decimal(18060),
        currency="VND",
        reference="EG2611231200ABC",
        description="Thanh toán phí hồ sơ số 5",
        client_ip="10.0.0.1",
        created_at=datetime(2026, 11, 23, 5, 0, tzinfo=UTC),
    )
    url = gateway().start_payment(txn, "https://egov.example/thanh-toan/ket-qua/vnpay/")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://pay.example/vpcpay.html"
    pairs = parse_qsl(parts.query)
    names = [k for k, _ in pairs]
    assert names[-1] == "vnp_SecureHash" and names[:-1] == sorted(names[:-1])
    params = dict(pairs)
    assert params["vnp_Amount"] == "1806000"
    assert params["vnp_CreateDate"] == "20261123120000"  # Vietnam time
    assert params["vnp_ExpireDate"] == "20261123121500"
    assert params["vnp_OrderInfo"] == "Thanh toan phi ho so so 5"
    assert params["vnp_SecureHash"] == sign(params, SECRET)


def test_notification_verification():
    gw = gateway()
    params = {"vnp_TmnCode": "DEMOV210", "vnp_TxnRef": "A1", "vnp_Amount": "20000000", "vnp_ResponseCode": "00",
              "vnp_TransactionStatus": "00", "vnp_TransactionNo": "1234"}  # fmt: skip
    signed = {**params, "vnp_SecureHash": sign(params, SECRET), "vnp_SecureHashType": "HmacSHA512"}
    note = gw.verify_notification(signed)
    assert note.verified and note.success and note.amount == Decimal(200000) and note.gateway_transaction_no == "1234"
    assert not gw.verify_notification({**signed, "vnp_Amount": "100"}).verified
    assert not gw.verify_notification({**signed, "vnp_SecureHash": signed["vnp_SecureHash"].upper()[:-1]}).verified
    other_merchant = {**params, "vnp_TmnCode": "OTHER001"}
    assert not gw.verify_notification({**other_merchant, "vnp_SecureHash": sign(other_merchant, SECRET)}).verified
    failed = {**params, "vnp_ResponseCode": "24", "vnp_TransactionStatus": "02"}
    note = gw.verify_notification({**failed, "vnp_SecureHash": sign(failed, SECRET)})
    assert note.verified and not note.success and note.cancelled


def test_ipn_answers():
    gw = gateway()
    codes = {
        o: gw.answer(o)["RspCode"] for o in ("accepted", "unknown_order", "duplicate", "amount_mismatch", "forged")
    }
    assert codes == {
        "accepted": "00",
        "unknown_order": "01",
        "duplicate": "02",
        "amount_mismatch": "04",
        "forged": "97",
    }
    assert gw.answer("error") == {"RspCode": "99", "Message": "Unknown error"}


def test_querydr_hash_is_over_pipe_joined_fields():
    txn = SimpleNamespace(reference="EG1", created_at=datetime(2026, 11, 23, 5, 0, tzinfo=UTC))
    body = gateway().query_request(txn, now=datetime(2026, 11, 23, 6, 0, tzinfo=UTC))
    data = "|".join(
        body[k]
        for k in (
            "vnp_RequestId",
            "vnp_Version",
            "vnp_Command",
            "vnp_TmnCode",
            "vnp_TxnRef",
            "vnp_TransactionDate",
            "vnp_CreateDate",
            "vnp_IpAddr",
            "vnp_OrderInfo",
        )  # fmt: skip
    )
    assert body["vnp_Command"] == "querydr" and body["vnp_TransactionDate"] == "20261123120000"
    assert body["vnp_SecureHash"] == hmac.new(SECRET.encode(), data.encode(), hashlib.sha512).hexdigest()


def test_helpers():
    assert ascii_text("Đăng ký khai sinh: hồ sơ #5!") == "Dang ky khai sinh: ho so 5"
    assert to_vnd("1806000") == Decimal(18060)
    assert to_vnd("abc") is None and to_vnd("1.5") is None
