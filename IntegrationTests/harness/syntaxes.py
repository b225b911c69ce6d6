"""Transfer syntaxes in tests: compressed copies made by DCMTK, and what a peer wrote."""
import glob
import os
import subprocess

import pydicom

IMPLICIT = "1.2.840.10008.1.2"
EXPLICIT = "1.2.840.10008.1.2.1"
COMPRESSORS = {
    "jpeg-baseline": ["dcmcjpeg", "+eb"],
    "jpeg-lossless-sv1": ["dcmcjpeg", "+e1"],
    "jpeg-ls-lossless": ["dcmcjpls", "+el"],
}


def compress(paths, folder, how):
    """Copies of paths in folder, compressed by DCMTK as how says (a key of COMPRESSORS)."""
    os.makedirs(folder, exist_ok=True)
    result = []
    for path in paths:
        target = os.path.join(folder, os.path.basename(path))
        subprocess.run(COMPRESSORS[how] + [path, target], check=True)
        result.append(target)
    return result


def of_files(paths):
    """SOP Instance UID -> transfer syntax of each file."""
    result = {}
    for path in paths:
        dataset = pydicom.dcmread(path, stop_before_pixels=True)
        result[str(dataset.SOPInstanceUID)] = str(dataset.file_meta.TransferSyntaxUID)
    return result


def written(scp):
    """What a storescp wrote: it keeps the transfer syntax it received (--write-xfer-same)."""
    return of_files(glob.glob(os.path.join(scp.output, "*")))
