#!/usr/bin/python3
"""Makes qm7_pbe0_costs.csv: the measured cost of a PBE0/def2-TZVP label (psi4 1.3.2, its default
DF-SCF, 1 thread) on 20 QM7 molecules spread over the range of sizes (every 5th percentile of the
atom count, first molecule of that size in QM7 order), with the energies, and the atomization energy
from free atoms at the same level (UKS, ground-state multiplicities: H 2, C 3, N 4, O 3, S 3) beside
QM7's label as a check. The learning issue fits a cost-per-molecule model to these measurements.

Run from the repository root after a build (about 30 minutes on one core):
    /usr/bin/python3 data/qm7/make_pbe0_costs.py
"""
import csv, json, os, subprocess, sys, tempfile

KCAL_PER_HARTREE = 627.5094740631
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GREENSPACE = ["dotnet", os.path.join(ROOT, "src/Greenspace.Cli/bin/Release/net10.0/greenspace.dll")]
STORE = os.environ.get("GREENSPACE_STORE", os.path.join(ROOT, "out", "qm7-pbe0", "store.db"))
ATOMS = [("H", 2), ("C", 3), ("N", 4), ("O", 3), ("S", 3)]
ARGS = ["--method", "pbe0", "--basis", "def2-tzvp", "--jobs", "1", "--threads", "1", "--memory", "2000", "--json", "--store", STORE]


def frames(path):
    with open(path) as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        n = int(lines[i]); comment = lines[i + 1]; atoms = lines[i + 2:i + 2 + n]
        yield n, comment, atoms
        i += 2 + n


def compute(path):
    out = subprocess.run(GREENSPACE + ["compute", "--input", path] + ARGS, check=False, capture_output=True, text=True)
    if out.returncode == 2:
        sys.exit(f"greenspace compute could not run on {path}: {out.stderr}")
    return json.loads(out.stdout)


def main():
    os.makedirs(os.path.dirname(STORE), exist_ok=True)
    qm7 = list(frames(os.path.join(ROOT, "data", "qm7", "qm7_pbe0_dftb.xyz")))
    order = sorted(range(len(qm7)), key=lambda i: (qm7[i][0], i))
    chosen = sorted({order[min(len(order) - 1, round(q * (len(order) - 1) / 19))] for q in range(20)})
    with tempfile.TemporaryDirectory() as tmp:
        mols = os.path.join(tmp, "chosen.xyz")
        with open(mols, "w") as f:
            for i in chosen:
                n, comment, atoms = qm7[i]
                f.write(f"{n}\n{comment}\n" + "\n".join(atoms) + "\n")
        atoms_xyz = os.path.join(tmp, "atoms.xyz")
        with open(atoms_xyz, "w") as f:
            for symbol, multiplicity in ATOMS:
                f.write(f"1\nname={symbol} spin={multiplicity}\n{symbol} 0 0 0\n")
        atoms = {r["name"]: r.get("energy") for r in compute(atoms_xyz)["records"]}
        run = compute(mols)
    out_path = os.path.join(ROOT, "data", "qm7", "qm7_pbe0_costs.csv")
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["index", "name", "formula", "atoms", "heavy_atoms", "electrons", "status", "pbe0_total_energy_hartree",
                    "pbe0_atomization_energy_kcalmol", "qm7_pbe0_atomization_energy_kcalmol", "cpu_seconds", "wall_seconds", "peak_memory_bytes"])
        z = {"H": 1, "C": 6, "N": 7, "O": 8, "S": 16}
        for i, r in zip(chosen, run["records"]):
            n, comment, lines = qm7[i]
            symbols = [l.split()[0] for l in lines]
            label = float(dict(kv.split("=") for kv in comment.split())["E_PBE0_def2TZVP_kcalmol"])
            ae = ""
            if r["status"] == "done" and all(atoms.get(s) is not None for s in symbols):
                ae = f"{(r['energy'] - sum(atoms[s] for s in symbols)) * KCAL_PER_HARTREE:.4f}"
            w.writerow([i + 1, r["name"], r["formula"], n, sum(s != "H" for s in symbols), sum(z[s] for s in symbols), r["status"],
                        f"{r['energy']:.10f}" if r["status"] == "done" else "", ae, label,
                        f"{r.get('cpu_seconds', 0):.3f}", f"{r.get('wall_seconds', 0):.3f}", r.get("peak_memory_bytes", 0)])
    print(f"wrote {out_path}; free atoms (Eh): {atoms}")


if __name__ == "__main__":
    main()
