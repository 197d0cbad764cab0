#!/usr/bin/python3
"""Makes splits/test_K.txt (K = 1..5): five test sets of 1,000 QM7 molecules each, drawn at random
with numpy's RandomState(K) (Mersenne Twister, reproducible across numpy versions), one 1-based
QM7 index per line (the frame number in qm7_pbe0_dftb.xyz, the `index` column of qm7_gfn2xtb.csv).
A model trained for split K may use only molecules not in test_K.txt; its hyperparameters come from
inside that training set. Greenspace and the scikit-learn comparison both read these files.

    /usr/bin/python3 data/qm7/make_splits.py
"""
import os
import numpy as np

N_QM7, N_TEST = 7101, 1000
here = os.path.dirname(os.path.abspath(__file__))
os.makedirs(os.path.join(here, "splits"), exist_ok=True)
for k in range(1, 6):
    test = np.sort(np.random.RandomState(k).permutation(N_QM7)[:N_TEST]) + 1
    with open(os.path.join(here, "splits", f"test_{k}.txt"), "w") as f:
        f.write("\n".join(str(i) for i in test) + "\n")
print("wrote", ", ".join(f"splits/test_{k}.txt" for k in range(1, 6)))
