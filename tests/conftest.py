"""Test-wide settings: Qt runs offscreen, keyring is a real in-memory backend."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LEBWALLET_TESTING", "1")

pytest_plugins = ["tests.support.sandbox"]
