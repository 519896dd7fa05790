"""Serve the fixture farm for the demo: ``python -m tests.farm --port 8080 --registry farm.toml``.

Every site listens on its own 127.0.0.x address; the registry file written points the crawler at them.
"""

from __future__ import annotations

import argparse
import shutil
import time

from tests.farm import Farm


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.farm", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="port on every 127.0.0.x address (0: any free)")
    parser.add_argument("--registry", help="also copy the farm's portal registry TOML here")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every response")
    parser.add_argument("--copies", type=int, default=1, help="copies of the family sites (more hosts)")
    args = parser.parse_args()
    farm = Farm.start(port=args.port, latency=args.latency, copies=args.copies)
    if args.registry:
        shutil.copy(farm.registry_path, args.registry)
    print(f"farm: {len(farm.sites)} sites; registry {args.registry or farm.registry_path}", flush=True)
    for site in farm.sites:
        print(f"  {site.key:16} {site.family:18} {farm.base[site.key]}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        farm.stop()


if __name__ == "__main__":
    main()
