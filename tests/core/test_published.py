"""The published short ids, the build's list for the events function: written sorted and atomically, read again only
when the file changes, and a missing list counts nothing."""

import os

import pytest

from functions.published import PublishedIds, read_published, write_published


def test_the_list_is_written_sorted_one_id_a_line_and_read_back(tmp_path):
    path = write_published(["hd-zalo", "cds", "cds-01", "cds"], tmp_path)
    assert (path.name, path.read_text()) == ("ids.txt", "cds\ncds-01\nhd-zalo\n")
    assert read_published(path) == {"cds", "cds-01", "hd-zalo"}


def test_something_that_is_not_a_short_id_is_never_written(tmp_path):
    with pytest.raises(ValueError, match="not short ids"):
        write_published(["cds", "a#b"], tmp_path)
    assert not (tmp_path / "ids.txt").exists()


def test_a_missing_list_counts_nothing(tmp_path):
    assert read_published(tmp_path / "ids.txt") == frozenset()


def test_the_ids_are_read_again_only_when_the_file_changes(tmp_path):
    published = PublishedIds(tmp_path / "ids.txt")
    assert published.get() == frozenset()
    path = write_published(["cds"], tmp_path)
    assert published.get() == {"cds"}
    first = published.get()
    assert published.get() is first  # unchanged file: not read again
    write_published(["cds", "hd-zalo"], tmp_path)
    os.utime(path, (1, 1))  # a rebuild within the same clock tick still changes the time
    assert published.get() == {"cds", "hd-zalo"}
