#!/usr/bin/env python3
"""Send one raw message with Python's smtplib (a client Mailscope did not write).

Used by test/integration: prints one JSON line {"ok": true, "refused": {...}}
or {"ok": false, "code": N, "error": "..."} and exits 0 either way, so the
test sees the SMTP outcome rather than a traceback. The message bytes are
sent exactly as read from --file (smtplib only dot-stuffs bytes).
"""
import argparse
import json
import smtplib
import ssl
import sys

# Given explicitly: without it smtplib calls socket.getfqdn(), a reverse lookup
# that stalls for seconds on machines without working DNS.
HELO = "python.smtplib.test"

def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--from", dest="sender", required=True)
    p.add_argument("--to", action="append", required=True)
    p.add_argument("--file", required=True)
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--ssl", action="store_true", help="implicit TLS")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--smtputf8", action="store_true")
    p.add_argument("--8bitmime", dest="eightbit", action="store_true")
    args = p.parse_args()

    with open(args.file, "rb") as f:
        data = f.read()
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the capture server's certificate is self-signed

    try:
        if args.ssl:
            client = smtplib.SMTP_SSL(args.host, args.port, local_hostname=HELO, timeout=20, context=context)
        else:
            client = smtplib.SMTP(args.host, args.port, local_hostname=HELO, timeout=20)
        with client:
            client.ehlo(HELO)
            if args.starttls:
                client.starttls(context=context)
                client.ehlo(HELO)
            if args.user is not None:
                client.login(args.user, args.password or "")
            options = []
            if args.smtputf8:
                options.append("SMTPUTF8")
            if args.eightbit:
                options.append("BODY=8BITMIME")
            refused = client.sendmail(args.sender, args.to, data, mail_options=options)
            print(json.dumps({"ok": True, "refused": {k: list(v) for k, v in refused.items()}}))
    except smtplib.SMTPResponseException as e:
        print(json.dumps({"ok": False, "code": e.smtp_code, "error": e.smtp_error.decode("utf-8", "replace")}))
    except smtplib.SMTPRecipientsRefused as e:
        print(json.dumps({"ok": False, "code": 0, "error": str(e)}))
    except (OSError, smtplib.SMTPException) as e:
        print(json.dumps({"ok": False, "code": -1, "error": f"{type(e).__name__}: {e}"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
