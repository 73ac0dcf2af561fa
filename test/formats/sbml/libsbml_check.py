"""Check SBML files with libSBML (Debian's python3-sbml5): every consistency check, units included,
and what libSBML reads back of units, MIRIAM annotations and notes.

Usage: /usr/bin/python3 libsbml_check.py FILE.xml [FILE.xml ...]
Prints one JSON object per file:
  problems     every error and warning: {id, severity, category, line, message}
  missingUnits ids of compartments, species and parameters whose units libSBML cannot derive
  annotations  {metaid-holder id: [[qualifier, uri], ...]} from the CV terms libSBML parsed
  notes        {id: plain text of its notes} (the model's under its id)
  units        {id: {"kinds": {SI kind: exponent}, "factor": number}} for every compartment, species (its
               concentration, or amount with hasOnlySubstanceUnits) and parameter, in SI base units
  counts       numbers of species, parameters, rules, events, unit definitions, function definitions
"""
import json
import sys

import libsbml

CATEGORIES = [
    libsbml.LIBSBML_CAT_GENERAL_CONSISTENCY,
    libsbml.LIBSBML_CAT_IDENTIFIER_CONSISTENCY,
    libsbml.LIBSBML_CAT_UNITS_CONSISTENCY,
    libsbml.LIBSBML_CAT_MATHML_CONSISTENCY,
    libsbml.LIBSBML_CAT_SBO_CONSISTENCY,
    libsbml.LIBSBML_CAT_OVERDETERMINED_MODEL,
    libsbml.LIBSBML_CAT_MODELING_PRACTICE,
]


def qualifier(term):
    if term.getQualifierType() == libsbml.MODEL_QUALIFIER:
        return "bqmodel:" + libsbml.ModelQualifierType_toString(term.getModelQualifierType())
    return "bqbiol:" + libsbml.BiolQualifierType_toString(term.getBiologicalQualifierType())


def characters(node, into):
    """The text libSBML parsed (getNotesString would serialise it again, and does not re-escape "&amp;" in text)."""
    if node.isText():
        into.append(node.getCharacters())
    for i in range(node.getNumChildren()):
        characters(node.getChild(i), into)
    return into


def notes_text(element):
    if not element.isSetNotes():
        return None
    return " ".join(" ".join(characters(element.getNotes(), [])).split())


def check(path):
    document = libsbml.readSBMLFromFile(path)
    for category in CATEGORIES:
        document.setConsistencyChecks(category, True)
    if document.getNumErrors(libsbml.LIBSBML_SEV_ERROR) + document.getNumErrors(libsbml.LIBSBML_SEV_FATAL) == 0:
        document.checkConsistency()
    problems = []
    for i in range(document.getNumErrors()):
        error = document.getError(i)
        problems.append({"id": error.getErrorId(), "severity": error.getSeverityAsString(), "category": error.getCategoryAsString(),
                         "line": error.getLine(), "message": error.getMessage().strip()})
    model = document.getModel()
    result = {"file": path, "libsbml": libsbml.getLibSBMLDottedVersion(), "level": document.getLevel(), "version": document.getVersion(), "problems": problems}
    if model is None:
        return result
    elements = [model] + list(model.getListOfCompartments()) + list(model.getListOfSpecies()) + list(model.getListOfParameters()) + list(model.getListOfEvents())
    # Units declared on the element itself (SBML would also fall back on the model's defaults; bonesim's export never relies on that).
    missing = [c.getId() for c in model.getListOfCompartments() if not c.isSetUnits()]
    missing += [s.getId() for s in model.getListOfSpecies() if not s.isSetSubstanceUnits()]
    missing += [p.getId() for p in model.getListOfParameters() if not p.isSetUnits()]
    units = {}
    for element in list(model.getListOfCompartments()) + list(model.getListOfSpecies()) + list(model.getListOfParameters()):
        derived = element.getDerivedUnitDefinition()
        if derived is None:
            continue
        si = libsbml.UnitDefinition.convertToSI(derived)
        kinds, factor = {}, 1.0
        for k in range(si.getNumUnits()):
            unit = si.getUnit(k)
            kind = libsbml.UnitKind_toString(unit.getKind())
            if kind != "dimensionless":
                kinds[kind] = kinds.get(kind, 0) + unit.getExponentAsDouble()
            factor *= (unit.getMultiplier() * 10 ** unit.getScale()) ** unit.getExponentAsDouble()
        units[element.getId()] = {"kinds": {k: e for k, e in kinds.items() if e != 0}, "factor": factor}
    annotations = {}
    notes = {}
    for element in elements:
        terms = element.getCVTerms() or []
        pairs = []
        for term in terms:
            for k in range(term.getNumResources()):
                pairs.append([qualifier(term), term.getResourceURI(k)])
        if pairs:
            annotations[element.getId()] = pairs
        text = notes_text(element)
        if text is not None:
            notes[element.getId()] = text
    result.update({
        "modelId": model.getId(), "modelName": model.getName(), "missingUnits": missing, "units": units, "timeUnits": model.getTimeUnits(), "annotations": annotations, "notes": notes,
        "eventNames": {e.getId(): e.getName() for e in model.getListOfEvents()},
        "counts": {"species": model.getNumSpecies(), "parameters": model.getNumParameters(), "rules": model.getNumRules(),
                   "events": model.getNumEvents(), "unitDefinitions": model.getNumUnitDefinitions(),
                   "functionDefinitions": model.getNumFunctionDefinitions(), "initialAssignments": model.getNumInitialAssignments()},
    })
    return result


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(json.dumps(check(path)))
