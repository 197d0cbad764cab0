#!/usr/bin/python3
"""Makes qm7_gfn2xtb.csv (and, with the argument gfn1, qm7_gfn1xtb.csv): GFN2-xTB (or GFN1-xTB;
xtb 6.5.1) single points on the 7,101 QM7 geometries (PBE0 geometries, as QM7 gives them), and
atomization energies from free atoms computed at the same level (unrestricted, ground-state
multiplicities: H 2, C 3, N 4, O 3, S 3), with each calculation's measured CPU seconds.

Run from the repository root after a build:
    /usr/bin/python3 data/qm7/make_xtb_labels.py [gfn2|gfn1]
It calls `greenspace compute` (argv, no shell) on a store of its own, so a second run computes nothing.
"""
import csv, json, os, subprocess, sys, tempfile

KCAL_PER_HARTREE = 627.5094740631
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GREENSPACE = ["dotnet", os.path.join(ROOT, "src/Greenspace.Cli/bin/Release/net10.0/greenspace.dll")]
STORE = os.environ.get("GREENSPACE_STORE", os.path.join(ROOT, "out", "qm7-gfn2", "store.db"))
ATOMS = [("H", 2), ("C", 3), ("N", 4), ("O", 3), ("S", 3)]


METHOD = sys.argv[1] if len(sys.argv) > 1 else "gfn2"


def compute(path):
    out = subprocess.run(GREENSPACE + ["compute", "--method", METHOD, "--input", path, "--json", "--store", STORE],
                         check=False, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"greenspace compute failed on {path}: {out.stderr}")
    return json.loads(out.stdout)


def main():
    os.makedirs(os.path.dirname(STORE), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        atoms_xyz = os.path.join(tmp, "atoms.xyz")
        with open(atoms_xyz, "w") as f:
            for symbol, multiplicity in ATOMS:
                f.write(f"1\nname={symbol} spin={multiplicity}\n{symbol} 0 0 0\n")
        atoms = {r["name"]: r["energy"] for r in compute(atoms_xyz)["records"]}
    run = compute(os.path.join(ROOT, "data", "qm7", "qm7_pbe0_dftb.xyz"))
    out_path = os.path.join(ROOT, "data", "qm7", f"qm7_{METHOD}xtb.csv")
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["index", "name", "formula", f"{METHOD}_total_energy_hartree", f"{METHOD}_atomization_energy_kcalmol",
                    f"{METHOD}_homo_lumo_gap_hartree", f"{METHOD}_dipole_debye", "cpu_seconds"])
        for r in run["records"]:
            counts = {}
            formula = r["formula"]
            # Hill formula to element counts (elements of QM7: C, H, N, O, S).
            symbol, digits = "", ""
            for ch in formula + "X":
                if ch.isupper():
                    if symbol:
                        counts[symbol] = counts.get(symbol, 0) + int(digits or 1)
                    symbol, digits = ch, ""
                elif ch.islower():
                    symbol += ch
                else:
                    digits += ch
            free = sum(n * atoms[s] for s, n in counts.items())
            dipole = r.get("dipole_debye") or [0, 0, 0]
            w.writerow([r["index"] + 1, r["name"], formula, f"{r['energy']:.12f}",
                        f"{(r['energy'] - free) * KCAL_PER_HARTREE:.6f}",
                        f"{r['homo_lumo_gap_hartree']:.10f}", f"{sum(x * x for x in dipole) ** 0.5:.6f}", f"{r['cpu_seconds']:.6f}"])
    print(f"wrote {out_path}: {len(run['records'])} molecules; free atoms (Eh): {atoms}")


if __name__ == "__main__":
    main()
