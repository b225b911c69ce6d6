"""Test harness: a real Orthanc with the plugin, DCMTK peers and synthetic DICOM data."""
