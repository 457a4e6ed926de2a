#!/usr/bin/env python3
"""The composite action (action.yml) as a reusable workflow, for actionlint.

actionlint checks workflows, not an action's own steps. The same steps in a
job of a workflow that takes the action's inputs (`on: workflow_call`) are
checked the same way: expressions and contexts, the `uses:` of other
actions and their inputs, and the `run:` scripts (with shellcheck, when
actionlint finds it). Usage: action-workflow.py action.yml OUT.yml [DIR]

With DIR, each step's `run:` script is also written there as a bash file
(`${{ ... }}` replaced by a word), for shellcheck when actionlint cannot
run it itself.
"""
import os
import re
import sys

import yaml

action_path, out_path = sys.argv[1], sys.argv[2]
with open(action_path, encoding="utf-8") as f:
    action = yaml.safe_load(f)

if action["runs"]["using"] != "composite":
    sys.exit(f"{action_path}: not a composite action")
inputs = {
    name: {
        "description": spec.get("description", ""),
        "required": bool(spec.get("required", False)),
        "type": "string",
        **({"default": str(spec["default"])} if "default" in spec else {}),
    }
    for name, spec in (action.get("inputs") or {}).items()
}
workflow = {
    "name": f"{action.get('name', 'action')} (action.yml as a workflow, for actionlint)",
    "on": {"workflow_call": {"inputs": inputs}},
    "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
}
with open(out_path, "w", encoding="utf-8") as f:
    yaml.safe_dump(workflow, f, sort_keys=False, width=1000)

if len(sys.argv) > 3:
    os.makedirs(sys.argv[3], exist_ok=True)
    for i, step in enumerate(action["runs"]["steps"]):
        if "run" in step:
            script = re.sub(r"\$\{\{[^}]*\}\}", "EXPRESSION", step["run"])
            with open(os.path.join(sys.argv[3], f"step-{i}.sh"), "w", encoding="utf-8") as f:
                f.write("#!/usr/bin/env bash\nset -e\n" + script)
