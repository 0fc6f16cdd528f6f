"""Finding the files to import: a file, a folder or a ``.zip`` -> ``SourceFile`` each.

A file's *source path* is its path from the site's root (``_news/x.md``), however the
files were named: a collection folder, a file inside a site, a zip of the site's folder.
In a site (a folder or zip with ``_`` folders) only content is read; the site's own files
(``README.md``, ``_config.yml``, ``_layouts/``) come back marked ``skip``. Exports use the
same rules to tell which files of a site are content.
"""

import lzma
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from .models import Article

FILE_SUFFIXES = {".md", ".markdown", ".txt", ".yaml", ".yml"}
YAML_SUFFIXES = {".yaml", ".yml"}
MAX_SOURCE_PATH = Article._meta.get_field("source_path").max_length
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f]")
# What Python's zipfile raises for an archive whose directory it cannot read: damaged, an
# unsupported zip version, a name flagged UTF-8 that is not.
UNREADABLE_ZIP = (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, UnicodeDecodeError, ValueError)
# ...and for an entry it cannot read.
UNREADABLE_ENTRY = (
    zipfile.BadZipFile,  # a bad checksum or header
    zlib.error,  # damaged deflate data
    lzma.LZMAError,  # damaged LZMA data
    OSError,  # damaged bzip2 data
    EOFError,  # data cut short
    NotImplementedError,  # an unsupported compression
    RuntimeError,  # an encrypted entry
)


class ImportFailure(Exception):
    """A file that cannot be imported; the message says why."""


@dataclass
class SourceFile:
    """One file to import: its source path, a name for messages, and how to read it."""

    source_path: str
    label: str
    reader: object = None  # callable returning bytes
    problem: str = ""  # set when the file is refused before reading
    skip: bool = False  # a file of the site that holds no content (README.md, _layouts/...)

    def read(self):
        if self.problem:
            raise ImportFailure(self.problem)
        if len(self.source_path) > MAX_SOURCE_PATH:
            raise ImportFailure(f"its path is longer than {MAX_SOURCE_PATH} characters")
        if CONTROL_CHARACTER.search(self.source_path):
            raise ImportFailure("its path holds a control character")
        if problem := path_problem(self.source_path):
            raise ImportFailure(problem)
        return self.reader()

    @property
    def is_yaml(self):
        return PurePosixPath(self.source_path).suffix.lower() in YAML_SUFFIXES


def collect_sources(paths):
    """Yield a SourceFile for every candidate file under the given paths."""
    max_bytes = settings.NEWSROOM_MAX_FILE_BYTES
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_symlink():
            yield SourceFile(path.name, str(path), problem="symbolic links are not imported")
        elif path.is_dir():
            yield from _folder_sources(path, max_bytes)
        elif path.suffix.lower() == ".zip" and path.is_file():
            yield from _zip_sources(path, max_bytes)
        elif path.is_file():
            source_path = path.relative_to(site_root(path.parent)).as_posix()
            yield SourceFile(source_path, str(path), reader=_file_reader(path, max_bytes))
        else:
            yield SourceFile(path.name, str(path), problem="no such file or folder")


# Folders of a Jekyll site that hold its templates and build output, not content.
SITE_FOLDERS = {"_layouts", "_includes", "_sass", "_site", "_plugins"}
TAXONOMY_FOLDERS = ("_data/organizations/", "_data/topics/")
# Seed files keep their bare names (``000_e4c9a97172203872.txt``), so an export of
# everything writes them at the site's root, beside files of the site's own that never
# look like this (``README.md``, ``index.md``, ``robots.txt``).
SEED_FILE_NAME = re.compile(r"[0-9]+_[0-9a-f]+\.txt")


def path_problem(source_path):
    """Why no file may be imported from, or exported to, ``source_path`` ("" if it may):
    what an export writes must be what an import reads, and nothing of the site's own."""
    *folders, name = source_path.split("/")
    if any(part.startswith(".") for part in (*folders, name)):
        return "its path names a hidden file or folder"
    if PurePosixPath(name).suffix.lower() not in FILE_SUFFIXES:
        return f"it is not a front-matter file ({', '.join(sorted(FILE_SUFFIXES))})"
    if any(PurePosixPath(folder).suffix.lower() in FILE_SUFFIXES for folder in folders):
        # _news/a.md/b.md beside _news/a.md: the two could never be written side by side.
        return "a folder in its path is named like a front-matter file"
    if (folders or name.startswith("_")) and not holds_content(source_path):
        return "it is one of a site's own files (_config.yml, _layouts/, _data/navigation.yml…), not content"
    return ""


def holds_content(source_path):
    """Tell whether a file of a site holds content: an article in a collection folder
    (``_news/``, ``_learning/courses/``), an organization or a topic file, or a seed file at
    the root. The site's own files (``README.md``, ``_config.yml``, ``_layouts/``,
    ``_data/navigation.yml``) do not."""
    top, slash, _ = source_path.partition("/")
    if not slash:
        return SEED_FILE_NAME.fullmatch(source_path) is not None
    if not top.startswith("_") or top in SITE_FOLDERS:
        return False
    return top != "_data" or source_path.startswith(TAXONOMY_FOLDERS)


def _site_roots(paths):
    """The sites among files at ``paths`` (tuples of folder and file names): the folders
    that hold a ``_`` folder, outside any other site. A folder of seed files is no site, and
    in a folder of several sites' checkouts each site is its own, even when that folder's
    name starts with ``_`` (``_checkouts/power-apps/_news``)."""
    folder_lists = [parts[:-1] for parts in paths]
    holding_sites = _folders_holding_sites(paths)
    roots = set()
    for folders in folder_lists:
        for index, folder in enumerate(folders):
            if folder.startswith("_") and folders[: index + 1] not in holding_sites:
                roots.add(folders[:index])
                break
    return {root for root in roots if not any(root[:length] in roots for length in range(len(root)))}


def _folders_holding_sites(paths):
    """The ``_`` folders among ``paths`` that hold sites, not content (``_checkouts`` in
    ``_checkouts/power-apps/_news/x.md``), as tuples of folder names."""
    return {
        parts[: index + 1]
        for parts in paths
        for index in range(len(parts) - 3)
        if [name.startswith("_") for name in parts[index : index + 3]] == [True, False, True]
    }


def _within_site(parts, roots):
    """A file's source path, from the root of its site if it is in one, and whether it is.

    Beside sites (checkouts side by side), any other folder is read as if imported on its
    own: a seed folder's files keep their bare names, as when the seed folder is imported.
    """
    for length in range(len(parts)):
        if parts[:length] in roots:
            return "/".join(parts[length:]), True
    beside_sites = len(parts) > 1 and any(len(root) == 1 for root in roots)
    return "/".join(parts[1:] if beside_sites else parts), False


def holds_site_folders(folder):
    """Tell whether ``folder`` is a site's root: it holds ``_`` folders (``_news/``, ``_data/``)."""
    return any(child.name.startswith("_") for child in folder.iterdir() if child.is_dir())


def holds_sites(folder):
    """Tell whether ``folder`` holds sites side by side (checkouts of several content repositories)."""
    return any(holds_site_folders(child) for child in folder.iterdir() if child.is_dir())


def site_root(folder):
    """The folder that source paths under ``folder`` are relative to.

    Source paths start at a site's root (``_news/x.md``), however the files were named: a
    collection folder (``site/_news``) or a folder within one (``site/_data/topics``) is
    read as part of its site; any other folder, including one holding sites side by side
    (whatever its name), is taken as a root.
    """
    if holds_site_folders(folder) or holds_sites(folder):
        return folder
    for candidate in (folder, folder.parent):
        if candidate.name.startswith("_"):
            return candidate.parent
    return folder


def _folder_sources(folder, max_bytes):
    base = site_root(folder)
    paths = {}  # every file that is not hidden -> its folder and file names from ``base``
    for root, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in dirnames:
            if (linked := Path(root, name)).is_symlink():  # os.walk does not enter it: say so
                yield SourceFile(name, str(linked), problem="symbolic links are not imported")
        for name in sorted(filenames):
            if not name.startswith("."):
                path = Path(root, name)
                paths[path] = path.relative_to(base).parts
    roots = _site_roots(paths.values())
    for path, parts in paths.items():
        if path.suffix.lower() in FILE_SUFFIXES:
            source_path, in_site = _within_site(parts, roots)
            if in_site and not holds_content(source_path):
                yield SourceFile(source_path, str(path), skip=True)
            elif path.is_symlink():
                yield SourceFile(source_path, str(path), problem="symbolic links are not imported")
            else:
                yield SourceFile(source_path, str(path), reader=_file_reader(path, max_bytes))


def _file_reader(path, max_bytes):
    def read():
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFailure(f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        return path.read_bytes()

    return read


def _zip_sources(path, max_bytes):
    # One open archive serves every entry's reader: opening it again per entry would read
    # its whole directory each time (an import of 8,000 zipped files took minutes). It is
    # closed when the last of its sources is dropped, at the end of the import.
    try:
        archive = zipfile.ZipFile(path)
    except UNREADABLE_ZIP as error:
        yield SourceFile(path.name, str(path), problem=f"not a readable zip file ({error})")
        return
    entries = [info for info in archive.infolist() if not info.is_dir()]
    paths = {info.filename: PurePosixPath(info.filename.replace("\\", "/")).parts for info in entries}
    wrapper = _wrapping_folder(list(paths.values()))
    inside = {name: parts[bool(wrapper) :] for name, parts in paths.items()}  # without the wrapping folder
    roots = _site_roots(inside.values())
    for info in entries:
        name = info.filename
        label = f"{path}!{name}"
        parts = inside[name]
        if PurePosixPath(name).suffix.lower() not in FILE_SUFFIXES:
            continue
        source_path, in_site = _within_site(parts, roots)
        if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
            yield SourceFile(name, label, problem="unsafe path in zip (absolute or with '..')")
        elif any(part.startswith(".") for part in parts):
            continue  # hidden files and folders (.github/), as a folder import skips them
        elif in_site and not holds_content(source_path):
            yield SourceFile(source_path, label, skip=True)
        elif stat.S_ISLNK(info.external_attr >> 16):
            yield SourceFile(name, label, problem="symbolic links are not imported")
        elif info.file_size > max_bytes:
            yield SourceFile(
                name, label, problem=f"the file is {info.file_size:,} bytes, over the {max_bytes:,}-byte limit"
            )
        else:
            yield SourceFile(source_path, label, reader=_zip_reader(archive, info, max_bytes))


def _wrapping_folder(paths):
    """The one folder every entry of a zip sits in, as zipping a site's folder (or GitHub's
    "Download ZIP") makes it, unless it is a collection folder like ``_news``; else None."""
    folders = {parts[0] if len(parts) > 1 else "" for parts in paths}
    if len(folders) != 1 or not (folder := folders.pop()) or folder.startswith("."):
        return None
    if folder.startswith("_") and (folder,) not in _folders_holding_sites(paths):
        return None
    return folder


def _zip_reader(archive, info, max_bytes):
    def read():
        try:
            with archive.open(info) as handle:
                data = handle.read(max_bytes + 1)  # the header's size may lie
        except UNREADABLE_ENTRY as error:
            raise ImportFailure(f"could not be read from the zip ({error})") from None
        if len(data) > max_bytes:
            raise ImportFailure(f"the file is over the {max_bytes:,}-byte limit")
        return data

    return read
