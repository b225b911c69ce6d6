#pragma once

#include <string>

namespace XnatDqr
{
  // What a request under a Receiver's DICOMweb root asks for. The path is what follows
  // "/xnat-dqr/dicom-web/{receiver}/".
  struct DicomWebPath
  {
    enum class Kind
    {
      Search,   // QIDO-RS (and WADO-RS metadata): delegated to Orthanc's DICOMweb plugin
      Retrieve, // WADO-RS of a study, a series or an instance: a paced Transfer of ours
      Unserved  // frames, rendered, bulk data, STOW: not under a Receiver's root
    };

    Kind kind = Kind::Unserved;
    std::string level; // Retrieve: Study, Series or Instance (MoveRequest's levels)
    std::string study;
    std::string series;
    std::string instance;
    std::string why; // Unserved: what is not served, in words

    static DicomWebPath Parse(const std::string& path);
  };
} // namespace XnatDqr
