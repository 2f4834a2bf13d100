"""Moodle XML (`<quiz>` of `<question type="multichoice">`): read safely and written back.

A file from outside is read by defusedxml's SAX parser with DTDs, entities and external references refused, so an
entity-expansion bomb or an external entity cannot run; SAX also gives each element its line for the problems."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # for writing only: nothing from outside is parsed with it
import xml.sax
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml
import defusedxml.sax

from site_builder.banks.draft import Draft, Read, as_html, clean, plain
from site_builder.problems import problem
from site_builder.structure import LETTERS, Course


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    parts: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def child(self, tag: str) -> _Node | None:
        return next((node for node in self.children if node.tag == tag), None)

    def text_of(self, tag: str) -> str:
        """The plain text of `<tag><text>…</text></tag>`, HTML stripped when the element says format="html"."""
        node = self.child(tag)
        inner = node.child("text") if node else None
        if node is None or inner is None:
            return ""
        raw = "".join(inner.parts)
        return plain(raw) if node.attrs.get("format", "html") == "html" else clean(raw)


class _Builder(xml.sax.handler.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[_Node] = [_Node("", {}, 1)]
        self.locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator) -> None:  # noqa: N802 (SAX's name)
        self.locator = locator

    def startElement(self, name, attrs) -> None:  # noqa: N802
        node = _Node(name, dict(attrs), (self.locator.getLineNumber() if self.locator else None) or 1)
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def endElement(self, name) -> None:  # noqa: N802
        self.stack.pop()

    def characters(self, content) -> None:
        # every open element gets the text: HTML left unescaped inside <text> (not Moodle's own output, but seen in
        # hand-made files) parses as child elements, and its words still belong to the text
        for node in self.stack[1:]:
            node.parts.append(content)


def _parse(path: Path, data: bytes, found: Read) -> _Node | None:
    builder = _Builder()
    try:
        defusedxml.sax.parseString(data, builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        found.problems.append(problem(path, None, "", "xml_unsafe"))
        return None
    except xml.sax.SAXParseException as error:
        found.problems.append(
            problem(path, error.getLineNumber(), "", "bank_syntax", detail=error.getMessage(), other="XML")
        )
        return None
    root = builder.stack[0].children[0] if builder.stack[0].children else None
    if root is None or root.tag != "quiz":
        found.problems.append(
            problem(path, root.line if root else 1, "", "bank_syntax", detail="phần tử gốc phải là <quiz>", other="XML")
        )
        return None
    return root


def read(path: Path, data: bytes) -> Read:
    """The multiple-choice questions of a Moodle XML file; categories give the lesson (their last part)."""
    found = Read(path=path, format="Moodle XML")
    root = _parse(path, data, found)
    category = ""
    for node in root.children if root else []:
        if node.tag != "question":
            continue
        kind = node.attrs.get("type", "")
        if kind == "category":
            category = node.text_of("category")
            continue
        if kind == "description":
            continue  # a text shown between questions, not a question
        if kind != "multichoice":
            found.problems.append(problem(path, node.line, "", "question_type_unsupported", detail=kind or "?"))
            continue
        found.drafts.append(_draft(node, category))
    return found


def _draft(node: _Node, category: str) -> Draft:
    draft = Draft(line=node.line, text=node.text_of("questiontext"), choices=[], answers=[], title=node.text_of("name"))
    draft.lesson = category.rstrip("/").rsplit("/", 1)[-1].strip() if category else ""
    draft.explanation = node.text_of("generalfeedback") or node.text_of("correctfeedback")
    for answer in (child for child in node.children if child.tag == "answer"):
        draft.lines[f"choices.{len(draft.choices)}"] = answer.line
        try:
            right = float(answer.attrs.get("fraction", "0")) > 0
        except ValueError:
            right = False
        if right:
            draft.answers.append(LETTERS[len(draft.choices)] if len(draft.choices) < len(LETTERS) else "?")
            draft.explanation = draft.explanation or answer.text_of("feedback")
        draft.choices.append(_answer_text(answer))
    return draft


def _answer_text(answer: _Node) -> str:
    inner = answer.child("text")
    raw = "".join(inner.parts) if inner else ""
    return plain(raw) if answer.attrs.get("format", "html") == "html" else clean(raw)


def _texted(parent: ET.Element, tag: str, text: str, html: bool = True) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = as_html(text) if html else text
    return element


def _fraction(count: int) -> str:
    return f"{100 / count:.5f}".rstrip("0").rstrip(".")


def write(course: Course) -> str:
    """A course's bank as Moodle XML: a category per lesson (`$course$/<course>/<lesson>`), the id as name, the
    explanation as general feedback, several right answers as a multiple-answer question with split fractions."""
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f' Ngân hàng câu hỏi của khóa "{course.meta.title}" ({course.meta.id}) '))
    lesson = None
    for question in course.questions:
        if question.lesson != lesson:
            lesson = question.lesson
            category = ET.SubElement(quiz, "question", {"type": "category"})
            _texted(category, "category", f"$course$/{course.meta.id}/{lesson}", html=False)
        element = ET.SubElement(quiz, "question", {"type": "multichoice"})
        _texted(element, "name", question.id, html=False)
        _texted(element, "questiontext", question.text)
        _texted(element, "generalfeedback", question.explanation)
        right = question.answer_indexes
        for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0")):
            ET.SubElement(element, tag).text = value
        ET.SubElement(element, "single").text = "true" if len(right) == 1 else "false"
        ET.SubElement(element, "shuffleanswers").text = "0"  # the bank balances answer positions on purpose
        ET.SubElement(element, "answernumbering").text = "ABCD"
        for index, choice in enumerate(question.choices):
            fraction = _fraction(len(right)) if index in right else ("0" if len(right) == 1 else "-100")
            answer = _texted(element, "answer", choice)
            answer.set("fraction", fraction)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
