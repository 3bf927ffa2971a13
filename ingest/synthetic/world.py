"""A synthetic investigation world: trafficking rings written into all ten agency files.

``generate_world`` draws the rings (``rings``, ``money``), has each agency write what
it knows (``agency_files``), and saves the CSVs, a ``manifest.csv`` in ingest order and
``truth.json``: who the true people and their roles are, which row is which person,
and the money paths, mule accounts, cycles, routes and offenders' assets planted, so
that resolution and the analyses can be scored.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

from ingest.normalize import normalize_place
from ingest.sources import SOURCES
from ingest.synthetic.agency_files import AgencyWriter, Written
from ingest.synthetic.money import AccountBook, EverydayMoney, everyday
from ingest.synthetic.population import AS_OF, Person, Population
from ingest.synthetic.rings import Ring, RingMaker
from ingest.synthetic.sampling import FastRandom

MANIFEST_ORDER: Final = ("dopa", "dlt", "rtp", "dsi", "oag", "coj", "msdhs", "amlo-accounts", "amlo-transfers", "led")


@dataclass(frozen=True)
class Size:
    """How big a world is: its rings, and its bystanders (Thai people in the DOPA registry,
    in no ring, a third owning a vehicle) with their everyday transfers each."""

    rings: int
    bystanders: int
    transfers_each: float


SIZES: Final[dict[str, Size]] = {
    "small": Size(30, 3_000, 1.0),  # about 11k rows: the tests' world
    "medium": Size(800, 50_000, 1.0),  # about 240k rows
    "large": Size(5_000, 400_000, 2.0),  # about 2.1M rows, 4M nodes
}
_BYSTANDER_VEHICLES: Final = 0.3


@dataclass(frozen=True)
class WorldTruth:
    """Mirrors truth.json. Accounts are "bank_code:number"; places are Location ids ("country:MMR", "province:74")."""

    seed: int
    size: str
    rings: tuple[dict, ...]  # ring_id, agency, case_no, members: [{person, role}]
    identities: tuple[dict, ...]  # file, source, key: {column: value}, person
    money_paths: tuple[dict, ...]  # ring, accounts
    mule_accounts: tuple[dict, ...]  # ring, account, payers
    cycles: tuple[dict, ...]  # ring, accounts (the last sends back to the first)
    routes: tuple[dict, ...]  # ring, origin, transit, destination, exploitation
    offender_assets: tuple[dict, ...]  # person, ring, accounts, vehicles, nominee_accounts, nominee_vehicles
    legitimate_hubs: tuple[dict, ...]  # account, kind ("shop": many payers, "employer": many payees), in no ring

    @classmethod
    def load(cls, path: Path) -> WorldTruth:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{key: tuple(value) if isinstance(value, list) else value for key, value in data.items()})


def generate_world(out_dir: Path, size: str = "small", seed: int = 0) -> WorldTruth:
    """Write the world of ``size`` (see ``SIZES``)."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}: expected one of {', '.join(SIZES)}")
    wanted = SIZES[size]
    rng = FastRandom(seed)
    population = Population(rng)
    book = AccountBook(rng)
    maker = RingMaker(rng, population, book)
    rings = [maker.ring(number) for number in range(1, wanted.rings + 1)]
    bystanders: list[Person] = []
    while len(bystanders) < wanted.bystanders:
        bystanders += [p for p in population.draw_unit() if p.origin == "thai"]
    background = everyday(book, rng, bystanders, wanted.transfers_each)
    files = _files(AgencyWriter(rng), rings, bystanders, background)
    files["dlt"] += [AgencyWriter(rng).registration(maker.vehicle(person, person.addresses[0].province, AS_OF))
                     for person in bystanders if not person.minor and rng.random() < _BYSTANDER_VEHICLES]

    out_dir.mkdir(parents=True, exist_ok=True)
    identities = []
    for source in MANIFEST_ORDER:
        rows = files[source]
        columns = list(dict.fromkeys(column for written in rows for column in written.row)) or ["reference"]
        with (out_dir / f"{source}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(written.row for written in rows)
        key_columns = SOURCES[source].key_columns
        identities += [{"file": f"{source}.csv", "source": source,
                        "key": {column: written.row.get(column, "") for column in key_columns}, "person": written.person}
                       for written in rows if written.person]
    with (out_dir / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("file", "source"), *((f"{source}.csv", source) for source in MANIFEST_ORDER)])
    truth = _truth(seed, size, rings, identities, background)
    (out_dir / "truth.json").write_text(json.dumps(asdict(truth), ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def _files(writer: AgencyWriter, rings: list[Ring], bystanders: list[Person],
           background: EverydayMoney) -> dict[str, list[Written]]:
    files: dict[str, list[Written]] = {source: [] for source in MANIFEST_ORDER}
    thai_victims = [v.person for ring in rings for v in ring.victims if v.person.origin == "thai"]
    thai_brokers = [b for ring in rings for b in ring.brokers if b.origin == "thai"]
    files["dopa"] = writer.dopa([*(p for ring in rings for p in ring.households), *thai_brokers, *thai_victims,
                                 *bystanders])
    for ring in rings:
        files["dlt"].append(writer.registration(ring.vehicle))
        files[ring.agency.lower()] += writer.case_file(ring)
        files["oag"] += writer.prosecutions(ring)
        files["coj"] += writer.judgments(ring)
        files["msdhs"] += writer.assistance(ring, len(files["msdhs"]) + 1)
        files["amlo-accounts"] += writer.accounts(ring)
        files["led"] += writer.enforcement(ring)
    files["amlo-transfers"] = writer.transfers([*(t for ring in rings for t in ring.money.transfers),
                                                *background.transfers])
    return files


def _place(name: str) -> str:
    place = normalize_place(name)
    return f"{place.kind}:{place.code}"


def _truth(seed: int, size: str, rings: list[Ring], identities: list[dict], background: EverydayMoney) -> WorldTruth:
    def members(ring: Ring) -> list[dict]:
        roles = [(p, "suspect") for p in ring.suspects] + [(p, "broker") for p in ring.brokers] + \
                [(n, "nominee") for n, _ in ring.nominees] + [(v.person, "victim") for v in ring.victims]
        return [{"person": person.person_id, "role": role} for person, role in roles]

    def assets(ring: Ring) -> list[dict]:
        result = []
        for suspect in ring.defendants:
            held_for = {n.person_id for n, s in ring.nominees if s is suspect}
            accounts = [a for a in ring.money.path if a.holder is not None]
            result.append({
                "person": suspect.person_id, "ring": ring.ring_id,
                "accounts": [a.key for a in accounts if a.holder is suspect],
                "vehicles": [f"{ring.vehicle.plate} {ring.vehicle.province}"] if ring.vehicle.owner is suspect else [],
                "nominee_accounts": [a.key for a in accounts if a.holder.person_id in held_for],
                "nominee_vehicles": [f"{ring.vehicle.plate} {ring.vehicle.province}"]
                if ring.vehicle.owner.person_id in held_for else [],
            })
        return result

    return WorldTruth(
        seed=seed, size=size,
        rings=tuple({"ring_id": r.ring_id, "agency": r.agency, "case_no": r.case_no, "members": members(r)}
                    for r in rings),
        identities=tuple(identities),
        money_paths=tuple({"ring": r.ring_id, "accounts": [a.key for a in r.money.path]} for r in rings),
        mule_accounts=tuple({"ring": r.ring_id, "account": r.money.mule.key, "payers": [a.key for a in r.money.payers]}
                            for r in rings),
        cycles=tuple({"ring": r.ring_id, "accounts": [a.key for a in (r.money.mule, *r.money.layers)]}
                     for r in rings if r.money.cycle),
        routes=tuple({"ring": r.ring_id, "origin": _place(r.recruited_in), "transit": [_place(t) for t in r.transit],
                      "destination": _place(r.destination), "exploitation": r.exploitation} for r in rings),
        offender_assets=tuple(entry for r in rings for entry in assets(r)),
        legitimate_hubs=tuple([*({"account": a.key, "kind": "shop"} for a in background.shops),
                               *({"account": a.key, "kind": "employer"} for a in background.employers)]),
    )
