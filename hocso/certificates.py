"""Sub-commands for the certificates of a deployment: the signing keys, checking a certificate offline, and every
certificate of a unit as one ZIP."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from hocso.operations import _settings


def _keys(args: argparse.Namespace) -> int:
    from functions.certificates import keys

    settings = _settings()
    today = datetime.now(UTC).date()
    ring = (
        keys.add_key(settings.keys_dir, today) if args.rotate else keys.load(settings.keys_dir, today, settings.local)
    )
    public = settings.keys_dir / keys.PUBLIC_FILE
    keys.write_public(ring, public)
    print(f"Khóa ký giấy chứng nhận: {ring.current.key_id} (công bố {len(ring.keys)} khóa tại {public})")
    return 0


def _public_keys(source: str):
    """The published key set from a file, or from a site's `/xac-minh/keys.json` address."""
    from functions.certificates.signing import PublicKeys

    if source.startswith(("http://", "https://")):
        import urllib.request

        with urllib.request.urlopen(source, timeout=10) as response:  # the issuer's own site, asked explicitly
            return PublicKeys.from_document(json.load(response))
    return PublicKeys.from_document(json.loads(Path(source).read_text(encoding="utf-8")))


# Exit codes of verify-certificate, as docs/admin.md lists them.
VALID, INVALID, NO_KEYS, UNCHECKED, REVOKED = 0, 1, 2, 3, 4


def _fetch(url: str) -> bytes:
    """A status list from the issuer's site (at most 1 MB, 10 s); OSError when it cannot be had."""
    import urllib.request

    if not url.startswith(("http://", "https://")):
        raise OSError(f"địa chỉ không phải http(s): {url}")
    with urllib.request.urlopen(url, timeout=10) as response:  # the address the signed data names
        return response.read(1_000_001)[:1_000_000]


def _verify(args: argparse.Namespace) -> int:
    from functions.certificates import credential, reading, revocation

    path = Path(args.file)
    try:
        keys = _public_keys(args.keys)
    except (OSError, ValueError) as exc:
        print(
            f"Không đọc được tập khóa công khai {args.keys}: {exc}. Dùng --keys để chỉ tệp keys.json hoặc địa chỉ "
            "https://<trang>/xac-minh/keys.json.",
            file=sys.stderr,
        )
        return NO_KEYS
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        try:
            verdict = reading.verify_pdf(data, keys)
        except reading.NotACertificate as exc:
            print(f"KHÔNG HỢP LỆ: {exc}")
            return INVALID
        certificate = verdict.certificate
        summary = (
            f"  Số {certificate.number} · {certificate.learner_name} · {certificate.unit_name} · "
            f"{certificate.course_title} · {certificate.issued_on:%d/%m/%Y} · {certificate.score_percent:g}%"
        )
        if not verdict.valid:
            print("KHÔNG HỢP LỆ: " + verdict.reason)
            print(summary)
            return INVALID
        place, what = revocation.of_certificate(certificate), verdict.reason
    else:
        try:
            badge = credential.verify(data.decode().strip(), keys)
        except (credential.CredentialError, UnicodeDecodeError) as exc:
            print(f"KHÔNG HỢP LỆ: {getattr(exc, 'message', exc)}")
            return INVALID
        place, what = revocation.of_credential(badge), f"chứng nhận số (Open Badges) {badge['id']}, chữ ký số đúng."
        summary = f"  {badge.get('name', '')}"
    # Signature and page hold; whether the issuer has since revoked it is asked online, and said when it cannot be.
    standing = revocation.check(place, keys, None if args.offline else _fetch, datetime.now(UTC))
    if standing.state == "revoked":
        print(standing.message)
        print(summary)
        return REVOKED
    print("HỢP LỆ: " + what)
    print(summary)
    if standing.state == "unchecked":
        print("CHÚ Ý: " + standing.message)
        return UNCHECKED
    print("  Trạng thái: " + standing.message)
    return VALID


def _bulk(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from functions.blobs import open_blobs
    from functions.jobs.exports import valid_under, zip_into
    from functions.stores.accounts import open_accounts
    from functions.stores.certificates import open_certificates

    settings = _settings()
    unit = open_accounts(settings).unit(args.unit)
    if unit is None:
        print(f"Không tìm thấy đơn vị mã {args.unit}.", file=sys.stderr)
        return 1
    records = valid_under(open_certificates(settings), unit.path, args.course)
    with (
        tqdm(total=len(records), desc="Giấy chứng nhận", unit=" giấy", disable=None) as shown,
        open(args.out, "wb") as out,
    ):
        zip_into(out, records, open_blobs(settings), settings.site_url, lambda n: shown.update())
    print(f"Đã ghi {len(records)} giấy chứng nhận của {unit.name} vào {args.out}")
    return 0


def register(commands) -> None:
    """Add these sub-commands to the `hocso` command line."""
    keys = commands.add_parser(
        "keys", help="tạo khóa ký giấy chứng nhận nếu chưa có (--rotate: tạo khóa mới) và ghi tập khóa công khai"
    )
    keys.add_argument("--rotate", action="store_true", help="tạo khóa mới để ký từ nay; khóa cũ vẫn được công bố")
    keys.set_defaults(run=_keys)

    verify = commands.add_parser(
        "verify-certificate",
        help="kiểm tra một giấy chứng nhận (PDF, hoặc chứng nhận số .jwt): chữ ký, nội dung trang, "
        "và trạng thái thu hồi qua mạng nếu được; mã thoát 0 hợp lệ, 1 không hợp lệ, 2 không đọc được khóa, "
        "3 chưa kiểm tra được trạng thái thu hồi, 4 đã thu hồi",
    )
    verify.add_argument("file", help="tệp PDF giấy chứng nhận, hoặc tệp chứng nhận số Open Badges (.jwt)")
    verify.add_argument(
        "--keys",
        default="site/xac-minh/keys.json",
        help="tập khóa công khai: tệp, hoặc địa chỉ https://<trang>/xac-minh/keys.json "
        "(mặc định: site/xac-minh/keys.json)",
    )
    verify.add_argument(
        "--offline", action="store_true", help="không kết nối mạng: không kiểm tra trạng thái thu hồi (mã thoát 3)"
    )
    verify.set_defaults(run=_verify)

    bulk = commands.add_parser(
        "certificates", help="tải mọi giấy chứng nhận của một đơn vị (và các đơn vị trực thuộc) thành một tệp ZIP"
    )
    bulk.add_argument("--unit", required=True, help="mã đơn vị")
    bulk.add_argument("--course", help="chỉ một khóa học (mã khóa học)")
    bulk.add_argument("--out", required=True, help="tệp ZIP sẽ ghi")
    bulk.set_defaults(run=_bulk)
