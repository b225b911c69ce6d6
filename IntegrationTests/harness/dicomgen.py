"""Synthetic DICOM data: patients / studies / series / instances with chosen counts and sizes."""
import math
import os
from dataclasses import dataclass, field
from typing import List

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"


@dataclass
class Instance:
    sop_instance_uid: str
    path: str


@dataclass
class Series:
    series_instance_uid: str
    instances: List[Instance] = field(default_factory=list)


@dataclass
class Study:
    study_instance_uid: str
    accession_number: str
    series: List[Series] = field(default_factory=list)

    def instances(self):
        return [i for s in self.series for i in s.instances]


@dataclass
class Patient:
    patient_id: str
    studies: List[Study] = field(default_factory=list)

    def instances(self):
        return [i for s in self.studies for i in s.instances()]


@dataclass
class Collection:
    patients: List[Patient] = field(default_factory=list)

    def instances(self):
        return [i for p in self.patients for i in p.instances()]

    def paths(self):
        return [i.path for i in self.instances()]

    def studies(self):
        return [s for p in self.patients for s in p.studies]


def _image_shape(pixel_bytes):
    rows = max(1, int(math.sqrt(pixel_bytes)))
    columns = max(2, pixel_bytes // rows)
    columns += columns % 2  # 8-bit pixel data must have an even length
    return rows, columns


def _write(path, patient_id, study, series, number, rows, columns, pixels):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SECONDARY_CAPTURE
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = SECONDARY_CAPTURE
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientID = patient_id
    ds.PatientName = f"Test^{patient_id}"
    ds.StudyInstanceUID = study.study_instance_uid
    ds.AccessionNumber = study.accession_number
    ds.StudyDate = "20260101"
    ds.StudyDescription = "xnat-dqr test"
    ds.SeriesInstanceUID = series.series_instance_uid
    ds.SeriesNumber = len(study.series)
    ds.Modality = "OT"
    ds.InstanceNumber = number
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.PixelData = pixels
    ds.save_as(path, write_like_original=False)
    return Instance(ds.SOPInstanceUID, path)


def generate(folder, patients=1, studies=1, series=1, instances=1, pixel_bytes=64,
             prefix="P"):
    """Writes patients x studies x series x instances files under folder."""
    os.makedirs(folder, exist_ok=True)
    rows, columns = _image_shape(pixel_bytes)
    pixels = bytes(i % 251 for i in range(rows * columns))
    collection = Collection()
    count = 0
    for p in range(patients):
        patient = Patient(f"{prefix}{p + 1}-{generate_uid()[-8:]}")
        collection.patients.append(patient)
        for s in range(studies):
            study = Study(generate_uid(), f"A{p + 1}{s + 1}")
            patient.studies.append(study)
            for r in range(series):
                serie = Series(generate_uid())
                study.series.append(serie)
                for i in range(instances):
                    count += 1
                    path = os.path.join(folder, f"{prefix}{count:06d}.dcm")
                    serie.instances.append(
                        _write(path, patient.patient_id, study, serie, i + 1, rows, columns,
                               pixels))
    return collection
