"""scikit-learn's KernelRidge on features written by the Greenspace benchmark (KrrVersusSklearn.cs).

Usage: /usr/bin/python3 krr_sklearn.py DIR SPLIT_FILE N SIGMA LAMBDA
Reads DIR/x_all.npy and DIR/y_all.npy (float64, one row and one label per QM7 molecule) and the committed
split SPLIT_FILE (1-based QM7 indices of the test molecules, data/qm7/splits/test_K.txt). The test set is
those molecules in ascending order; the training set is N of the other molecules, evenly spaced in QM7
order (the k-th is number floor(k * M / N) of the M others), the rule KrrVersusSklearn.cs follows too.
Fits KernelRidge with the Laplacian kernel exp(-gamma |x - y|_1), gamma = 1/SIGMA, alpha = LAMBDA, on
labels minus their training mean (as Greenspace does), predicts the test set, writes
DIR/prediction_sklearn.npy and prints one JSON line: the fit+predict seconds, scikit-learn's version and
the BLAS it ran on.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.kernel_ridge import KernelRidge


def blas_in_use():
    try:
        from threadpoolctl import threadpool_info
        return [{k: v for k, v in info.items() if k in ("internal_api", "version", "architecture", "threading_layer", "num_threads", "filepath")}
                for info in threadpool_info()]
    except ImportError:
        return "threadpoolctl missing; see numpy.show_config()"


def main():
    directory, split_file, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sigma, lam = float(sys.argv[4]), float(sys.argv[5])
    x_all = np.load(f"{directory}/x_all.npy")
    y_all = np.load(f"{directory}/y_all.npy")
    test = np.sort(np.loadtxt(split_file, dtype=np.int64)) - 1
    others = np.setdiff1d(np.arange(len(x_all)), test)
    train = others[(np.arange(n) * len(others)) // n]
    x_train, y_train, x_test = x_all[train], y_all[train], x_all[test]

    start = time.perf_counter()
    mean = y_train.mean()
    model = KernelRidge(alpha=lam, kernel="laplacian", gamma=1.0 / sigma)
    model.fit(x_train, y_train - mean)
    fitted = time.perf_counter()
    prediction = model.predict(x_test) + mean
    done = time.perf_counter()

    np.save(f"{directory}/prediction_sklearn.npy", prediction.astype(np.float64))
    print(json.dumps({
        "fit_seconds": fitted - start,
        "predict_seconds": done - fitted,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "blas": blas_in_use(),
    }))


if __name__ == "__main__":
    main()
