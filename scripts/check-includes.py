#!/usr/bin/env python3
"""The house's one-way arrows, read from the #include lines (docs/ARCHITECTURE.md, "Rooms").

Usage: check-includes.py [source root]. Prints every include that runs against the declared
direction, between Core's rooms and between Plugin/'s layers, and exits 1 if there is one.
make test runs it (ctest: house.include-direction)."""
import os
import re
import sys

# Each room of Plugin/Core and the rooms it may include; a room may always include itself.
CORE_ROOMS = {
    "Common": [],
    "Network": ["Common"],
    "Scu": ["Common"],
    "Schedules": ["Common"],
    "Receivers": ["Common", "Network", "Scu", "Schedules"],
    "Recording": ["Common"],
    "Pacing": ["Common", "Network", "Scu", "Schedules", "Receivers", "Recording"],
    "Transfers": ["Common", "Network", "Scu", "Schedules", "Receivers", "Recording", "Pacing"],
    "Routing": ["Common", "Network", "Scu", "Schedules", "Receivers", "Recording", "Pacing", "Transfers"],
    "Observability": ["Common", "Network", "Scu", "Schedules", "Receivers", "Recording", "Pacing",
                      "Transfers", "Routing"],
    "Configuration": ["Common", "Network", "Scu", "Schedules", "Receivers"],
    "DicomWeb": ["Common", "Network", "Scu", "Schedules", "Receivers", "Recording", "Pacing",
                 "Transfers", "Routing"],
}

# Each layer of Plugin/ and the layers it may include. The SDK layer (Orthanc) calls no route
# code; routes (Rest) do not reach into the C-MOVE machinery (Dicom); Core includes only Core.
LAYERS = {
    "Core": ["Core"],
    "Store": ["Core", "Store"],
    "Orthanc": ["Core", "Orthanc"],
    "Dicom": ["Core", "Orthanc", "Dicom"],
    "Rest": ["Core", "Orthanc", "Rest"],
    "Web": ["Core", "Orthanc", "Dicom", "Web"],
}
FORBIDDEN_IN_CORE = re.compile(r"#include [<\"](orthanc/|dcmtk/|sqlite3|libpq)")
INCLUDE = re.compile(r'#include "([A-Za-z]+)/(?:([A-Za-z]+)/)?[A-Za-z]+\.h"')


def check(root):
    problems = []
    plugin = os.path.join(root, "Plugin")
    for folder, _, files in os.walk(plugin):
        relative = os.path.relpath(folder, plugin).split(os.sep)
        layer = relative[0] if relative[0] != "." else None
        room = relative[1] if layer == "Core" and len(relative) > 1 else None
        if layer == "Core" and room is None and files:
            problems.append(f"Plugin/Core/{files[0]}: every Core file lives in a room")
        if layer is not None and layer not in LAYERS:
            problems.append(f"Plugin/{layer}: a layer the house does not declare")
            continue
        if room is not None and room not in CORE_ROOMS:
            problems.append(f"Plugin/Core/{room}: a room the house does not declare")
            continue
        for name in sorted(f for f in files if f.endswith((".h", ".cpp"))):
            path = os.path.join(folder, name)
            shown = os.path.relpath(path, root)
            with open(path, errors="replace") as source:
                for number, line in enumerate(source, 1):
                    if layer == "Core" and FORBIDDEN_IN_CORE.search(line):
                        problems.append(f"{shown}:{number}: Core includes no SDK, DCMTK or "
                                        f"database header: {line.strip()}")
                    match = INCLUDE.match(line.strip())
                    if not match or layer is None:
                        continue
                    target_layer, target_room = match.groups()
                    if target_layer not in LAYERS[layer]:
                        problems.append(f"{shown}:{number}: {layer} may not include "
                                        f"{target_layer}: {line.strip()}")
                    elif room is not None and target_layer == "Core":
                        if target_room is None:
                            problems.append(f"{shown}:{number}: include a Core header by its "
                                            f"room: {line.strip()}")
                        elif target_room != room and target_room not in CORE_ROOMS[room]:
                            problems.append(f"{shown}:{number}: Core/{room} may not include "
                                            f"Core/{target_room}: {line.strip()}")
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = check(os.path.abspath(root))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} include(s) against the house's direction")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
