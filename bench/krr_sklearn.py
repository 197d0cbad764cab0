"""scikit-learn's KernelRidge on features written by the Greenspace benchmark (KrrVersusSklearn.cs).

Usage: /usr/bin/python3 krr_sklearn.py DIR SIGMA LAMBDA
Reads DIR/x_train.npy, DIR/y_train.npy, DIR/x_test.npy (float64), fits KernelRidge with the Laplacian
kernel exp(-gamma |x - y|_1), gamma = 1/SIGMA, alpha = LAMBDA, on labels minus their training mean (as
Greenspace does), predicts the test set, writes DIR/prediction_sklearn.npy and prints one JSON line:
the fit+predict seconds, scikit-learn's version and the BLAS it ran on.
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
    directory, sigma, lam = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    x_train = np.load(f"{directory}/x_train.npy")
    y_train = np.load(f"{directory}/y_train.npy")
    x_test = np.load(f"{directory}/x_test.npy")

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
