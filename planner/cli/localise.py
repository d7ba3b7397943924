"""The command line in the run's language: help texts, typer's panel titles, click's own messages.

Help texts are written in Chinese (the msgids) and translated when the command tree is built for
a run, after `--lang` or the environment chose the language. typer's vendored click formats its
few messages with f-strings, not gettext, so they are matched here by pattern.
"""

from __future__ import annotations

import re
from typing import Any

import typer.core

from planner.i18n import N_, _, is_english

# click's English help of the help option, and its messages, in Chinese (msgid) / English (catalogue);
# the patterns are compiled (and cached by re) only when a message is shown, not on every run
CLICK_HELP = {"Show this message and exit.": N_("显示此帮助并退出。")}
CLICK_MESSAGES = (
    (r"No such option: (\S+) \(Possible options: (.+)\)", "没有这个选项：{0}（相近的选项：{1}）"),
    (r"No such option: (.+)", "没有这个选项：{0}"),
    (r"No such command '(.+)'\. Did you mean (.+)\?", "没有这个命令：{0}（相近的命令：{1}）"),
    (r"No such command '(.+)'\.", "没有这个命令：{0}"),
    (r"Missing command\.", "缺少命令（见 planner --help）"),
    (r"Missing option '(.+?)'\.(.*)", "缺少选项 {0}{1}"),
    (r"Missing argument '(.+?)'\.(.*)", "缺少参数 {0}{1}"),
    (r"Option '(.+?)' requires an argument\.", "选项 {0} 需要一个值"),
    (r"Got unexpected extra arguments? \((.+)\)", "多余的参数：{0}"),
)
# "Invalid value for '--format' / '-f': <reason>": the option's names, then why; the reasons are
# vendored click's (typer < 0.29) or pydantic's (typer 0.29 validates through pydantic).
INVALID_VALUE = r"(?s)Invalid value for (.+?): (.+)"
INVALID_REASONS = (
    (r"'(.+?)' is not a valid int(?:eger)?(?: range)?\.", "'{0}' 不是整数"),
    (r"(\S+) is not in the range (\S+)\.", "{0} 超出范围（{1}）"),
    (r"(?:Value error, )?(.+?) is not one of (.+)\.", "{0} 不是可用的值（可用：{1}）"),
    (r"Input should be a valid integer.*", "应为整数"),
    (r"Input should be a valid number.*", "应为数字"),
    (r"Input should be (?:greater|less) than or equal to (\S+)", "超出范围（界限 {0}）"),
    (r"Path '(.+?)' does not exist\.", "路径 '{0}' 不存在"),
)


def localise(command: Any) -> None:
    """Translate the help of `command` (a click command or group) and its subcommands in place."""
    _translate(command, set())


def _panel_titles() -> None:
    """typer's own words in the help panels, in the run's language; set when help is shown, as
    typer.rich_utils brings in rich's Markdown renderer, which no command but help needs."""
    import typer.rich_utils as rich_utils

    rich_utils.OPTIONS_PANEL_TITLE = _("选项")
    rich_utils.COMMANDS_PANEL_TITLE = _("命令")
    rich_utils.ARGUMENTS_PANEL_TITLE = _("参数")
    rich_utils.DEFAULT_STRING = _("[默认：{}]")
    rich_utils.REQUIRED_LONG_STRING = _("[必填]")
    rich_utils.ENVVAR_STRING = _("[环境变量：{}]")


def _translate(command: Any, seen: set[int]) -> None:
    if id(command) in seen:
        return
    seen.add(id(command))
    if command.help:
        command.help = _(_original(command, command.help))
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            text = _original(param, text)
            param.help = text if is_english() and text in CLICK_HELP else _(CLICK_HELP.get(text, text))
    commands = getattr(command, "commands", {})
    for sub in getattr(commands, "built", commands).values():  # commands not yet built are translated when built
        _translate(sub, seen)


def _original(thing: Any, text: str) -> str:
    """The help as written in the source, remembered the first time (a tree may be translated twice)."""
    if not hasattr(thing, "_planner_msgid"):
        thing._planner_msgid = text
    return str(thing._planner_msgid)


def click_message(message: str) -> str:
    """One of click's English messages in the run's language (unknown ones stay as they are)."""
    if is_english():
        return message
    invalid = re.fullmatch(INVALID_VALUE, message)
    if invalid:
        names, reason = invalid.group(1).replace("'", ""), invalid.group(2)
        return "{0} 的值无效：{1}".format(names, _translated(reason, INVALID_REASONS))
    return _translated(message, CLICK_MESSAGES)


def _translated(message: str, patterns: tuple[tuple[str, str], ...]) -> str:
    for pattern, template in patterns:
        found = re.fullmatch(pattern, message)
        if found:
            return template.format(*found.groups())
    return message


class LocalGroup(typer.core.TyperGroup):
    """The root group: its usage line and help option in the run's language."""

    def get_usage(self, ctx: Any) -> str:
        return _usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _panel_titles()
        super().format_help(ctx, formatter)


class LocalCommand(typer.core.TyperCommand):
    def get_usage(self, ctx: Any) -> str:
        return _usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _panel_titles()
        super().format_help(ctx, formatter)


def _help_option(option: Any) -> Any:
    """click adds --help per context, outside the translated params; its help is translated here."""
    if option is not None and option.help:
        text = _original(option, option.help)
        option.help = text if is_english() and text in CLICK_HELP else _(CLICK_HELP.get(text, text))
    return option


def _usage(text: str) -> str:
    return text if is_english() else text.replace("Usage: ", "用法： ", 1)
