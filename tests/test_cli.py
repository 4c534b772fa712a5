"""The `tambon` console script, called in-process through tambon.cli.main."""

import pytest

from tambon.cli import COMMANDS, main

Capture = pytest.CaptureFixture[str]


def test_help_lists_every_command_in_english(capsys: Capture) -> None:
    main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: tambon COMMAND")
    for words in COMMANDS:
        assert " ".join(words) in out
    assert "Create the demo dataset" in out
    assert "Load all provinces, districts and sub-districts" in out


def test_no_arguments_shows_the_help(capsys: Capture) -> None:
    main([])
    assert "usage: tambon COMMAND" in capsys.readouterr().out


@pytest.mark.django_db
def test_geo_load_loads_the_geography(capsys: Capture) -> None:
    main(["geo", "load"])
    # Assert on the output only: the command closes its database connection when it ends.
    assert "Loaded 77 provinces, 928 districts, 7,436 sub-districts" in capsys.readouterr().out


def test_a_command_help_is_the_management_command_help(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "usage: tambon demo" in out
    assert "--scale {small,medium,large}" in out


def test_help_before_a_command_shows_that_command_help(capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        main(["help", "geo", "villages"])
    assert "usage: tambon geo_import_villages" in capsys.readouterr().out


def test_an_unknown_command_exits_with_a_clear_message(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "tambon: unknown command `frobnicate`" in err
    assert "tambon --help" in err


def test_a_mistyped_command_suggests_the_nearest_one(capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        main(["dmeo"])
    assert "Did you mean: demo?" in capsys.readouterr().err


def test_a_group_without_its_subcommand_lists_the_subcommands(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["geo"])
    assert exit_.value.code == 2
    assert "`geo` needs a subcommand: geo load, geo villages" in capsys.readouterr().err


def test_an_unknown_subcommand_is_refused(capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        main(["geo", "unload"])
    assert "unknown command `geo unload`" in capsys.readouterr().err


def test_manage_passes_any_management_command_through(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["manage", "check", "--help"])
    assert exit_.value.code == 0
    assert "usage: tambon check" in capsys.readouterr().out
