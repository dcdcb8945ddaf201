"""Page tests send membership mail to a temporary folder (read back with the membership tests' Mailbox)."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QNET_MAIL_DIR", tempfile.mkdtemp(prefix="qnet-pages-mail-"))
