"""The JSON Schema of criteria format 1, for editors and for other tools.

It is generated from the pydantic models, then adjusted where YAML allows more than the
models' JSON form: ``rule: yes_no`` is short for ``rule: {type: yes_no}``.
"""

from __future__ import annotations

import json
from typing import Any

from parcalc.criteria.model import CriteriaSet
from parcalc.rulebase import RULES

SCHEMA_ID = "https://parcalc.invalid/schema/parcalc-criteria-1.json"


def criteria_schema() -> dict[str, Any]:
    schema = CriteriaSet.model_json_schema(by_alias=True)
    defs = schema["$defs"]
    for name, definition in defs.items():
        if name.endswith("Rule"):
            definition.setdefault("required", []).insert(0, "type")
    rule = defs["Node"]["properties"]["rule"]
    rule["anyOf"].insert(0, {"type": "string", "enum": list(RULES),
                             "description": "shorthand for {type: ...}"})
    defs["Node"]["properties"]["id"]["description"] = (
        "Text, always quoted in YAML: id: \"1.10\" (unquoted 1.10 is the number 1.1)")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "parcalc criteria set, format 1",
    }


def schema_text() -> str:
    return json.dumps(criteria_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
