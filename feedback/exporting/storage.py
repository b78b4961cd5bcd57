"""Where export files live: a private storage that nothing serves, partial
files beside it, an atomic move into place, and the permission-checked
download's response (the caller checks permissions).

A file is written under a temporary name and moved into place only when it
is complete, so a killed or timed-out job never leaves a partial export
behind (:mod:`feedback.exporting.housekeeping` removes the leftovers).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from feedback.conf import get_setting
from feedback.models import Export

from . import UnknownExporter, registry

#: Folder of files being written, beside the finished ones when the storage is local.
PARTIAL_DIR = ".partial"


def export_storage() -> Storage:
    """Where export files go: the ``EXPORT_STORAGE`` entry of ``STORAGES``, or
    a private folder on the local disk (``EXPORT_ROOT``) that nothing serves."""
    alias = get_setting("EXPORT_STORAGE")
    if alias in settings.STORAGES:
        return storages[alias]
    return FileSystemStorage(location=default_export_root(), base_url=None)


def default_export_root() -> Path:
    configured = get_setting("EXPORT_ROOT")
    if configured:
        return Path(configured)
    return Path(getattr(settings, "BASE_DIR", Path.cwd())) / "feedback-exports"


def local_root(storage: Storage) -> Path | None:
    """The storage's directory when it is on this file system (atomic renames possible)."""
    try:
        return Path(storage.path(""))
    except NotImplementedError:
        return None


def partial_folder() -> Path:
    """Where files being written go: next to the final files when the storage
    is local (publishing is then an atomic rename), else the temporary folder."""
    root = local_root(export_storage())
    return root / PARTIAL_DIR if root else Path(tempfile.gettempdir()) / "feedback-exports-partial"


def file_name_for(export: Export, extension: str, today: date | None = None) -> str:
    """A safe download name such as ``feedback-about-us-2026-11-23.xlsx``."""
    today = today or timezone.localdate(timezone=timezone.get_default_timezone())
    if export.scope == Export.Scope.PAGE and export.page is not None:
        label = export.page.slug
    elif export.scope == Export.Scope.FORM and export.form is not None:
        label = export.form.title
    else:
        label = "site"
    slug = slugify(label)[:60].strip("-") or "export"
    return f"feedback-{slug}-{today:%Y-%m-%d}.{extension}"


def partial_path(export: Export, extension: str) -> Path:
    base = partial_folder()
    base.mkdir(parents=True, exist_ok=True)
    return base / f"export-{export.pk}-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.{extension}"


@contextmanager
def private_tempdir(partial: Path) -> Iterator[Path]:
    """openpyxl's write-only sheets spill to temporary files named by Python's
    ``tempfile``: while the export runs they go to a folder of its own next to
    the partial file (inside the private export area), never the shared /tmp.
    A killed job leaves the folder behind; the sweep removes it. The setting
    is process-wide, which is fine: an RQ job runs in a work horse of its own."""
    folder = partial.with_name(partial.stem + "-tmp")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved
        shutil.rmtree(folder, ignore_errors=True)


def publish(partial: Path, name: str) -> int:
    """Move a complete file into place under ``name``; returns its size."""
    storage = export_storage()
    size = partial.stat().st_size
    root = local_root(storage)
    if root is not None:
        target = Path(storage.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, target)
    else:
        if storage.exists(name):
            storage.delete(name)
        with open(partial, "rb") as handle:
            storage.save(name, File(handle, name=os.path.basename(name)))
        partial.unlink(missing_ok=True)
    return size


def export_file_response(export: Export) -> FileResponse:
    """The finished file as an attachment with its safe name. Permission checks
    are the caller's job. Raises ``Http404`` when there is no file (any more)."""
    if export.status != Export.Status.DONE or not export.file_path:
        raise Http404(_("This export has no file."))
    storage = export_storage()
    try:
        handle = storage.open(export.file_path, "rb")
    except FileNotFoundError:
        raise Http404(_("The export file no longer exists."))
    try:
        content_type = registry.get(export.format).content_type
    except UnknownExporter:
        content_type = "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=export.file_name, content_type=content_type)


def delete_export_file(export: Export) -> None:
    storage = export_storage()
    if export.file_path and storage.exists(export.file_path):
        storage.delete(export.file_path)
    root = local_root(storage)
    if root is not None:
        shutil.rmtree(root / str(export.pk), ignore_errors=True)
