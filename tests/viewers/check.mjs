// Viewer bench: loads every DICOM SEG and SR in a folder, with the source images next to them, through the
// Cornerstone3D / dcmjs adapters at the versions OHIF 3.13.2 pins, the way OHIF's cornerstone-dicom-seg and
// cornerstone-dicom-sr extensions call them, and checks that nothing the node wrote is lost on the way.
//
//   node tests/viewers/check.mjs FOLDER [--json REPORT.json] [--scheme dicomfile|wadors]
//
// Exit code 0 when every SEG pixel lands on its source image at the same row and column and every SR measurement,
// stage and count is read; 1 with a per-file report of what is lost; 2 for bad arguments or an unreadable folder.
import fs from 'node:fs';
import path from 'node:path';
import { metaData, cache, utilities as csUtilities } from '@cornerstonejs/core';
import { adaptersSEG, adaptersSR } from '@cornerstonejs/adapters';
import dcmjs from 'dcmjs';

const { DicomMessage, DicomMetaDictionary } = dcmjs.data;

const SOP = {
  seg: '1.2.840.10008.5.1.4.1.1.66.4',
  labelmapSeg: '1.2.840.10008.5.1.4.1.1.66.7',
  basicTextSr: '1.2.840.10008.5.1.4.1.1.88.11',
  enhancedSr: '1.2.840.10008.5.1.4.1.1.88.22',
  comprehensiveSr: '1.2.840.10008.5.1.4.1.1.88.33',
  comprehensive3dSr: '1.2.840.10008.5.1.4.1.1.88.34',
  encapsulatedPdf: '1.2.840.10008.5.1.4.1.1.104.1',
};
const SR_CLASSES = new Set([SOP.basicTextSr, SOP.enhancedSr, SOP.comprehensiveSr, SOP.comprehensive3dSr]);
const isSecondaryCapture = uid => uid?.startsWith('1.2.840.10008.5.1.4.1.1.7');

// The concept codes OHIF's SR extension looks for (PS3.16 TID 1500 / TID 1501 / TID 1410).
const CODE = {
  imagingMeasurementReport: '126000',
  imagingMeasurements: '126010',
  measurementGroup: '125007',
  trackingIdentifier: '112039',
  trackingUniqueIdentifier: '112040',
  imageLibrary: '111028',
  imageLibraryGroup: '126200',
  findingSiteSct: '363698007',
  findingSiteSrt: 'G-C0E3',
  qualitativeEvaluations: 'C0034375',
};

// ---------------------------------------------------------------------------------------------- arguments, files

const args = process.argv.slice(2);
const option = name => {
  const index = args.indexOf(name);
  return index < 0 ? { index } : { index, value: args[index + 1] };
};
const json = option('--json');
const scheme = option('--scheme');
const jsonOut = json.value;
const optionIndices = [json, scheme].filter(o => o.index >= 0).flatMap(o => [o.index, o.index + 1]);
const positional = args.filter((a, i) => !optionIndices.includes(i));
// The imageIds the bench gives the adapters: OHIF's WADO-URI form (dicomfile:PATH, ?frame=N for a frame of a
// multi-frame image) or its DICOMweb form (wadors:…/instances/UID/frames/N, every image a frame).
const imageIdScheme = scheme.value ?? 'dicomfile';
if (positional.length !== 1 || (json.index >= 0 && !jsonOut) || !['dicomfile', 'wadors'].includes(imageIdScheme)) {
  console.error('usage: node check.mjs FOLDER [--json REPORT.json] [--scheme dicomfile|wadors]');
  process.exit(2);
}
const folder = path.resolve(positional[0]);
if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
  console.error(`error: '${folder}' is not a folder`);
  process.exit(2);
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    const stat = entry.isSymbolicLink() ? fs.statSync(full, { throwIfNoEntry: false }) : entry;
    if (stat?.isDirectory()) yield* walk(full);
    else if (stat?.isFile()) yield full;
  }
}

function readDicom(file) {
  const bytes = fs.readFileSync(file);
  if (bytes.length < 132 || bytes.toString('latin1', 128, 132) !== 'DICM') return undefined;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const message = DicomMessage.readFile(buffer);
  const dataset = DicomMetaDictionary.naturalizeDataset(message.dict);
  dataset._meta = DicomMetaDictionary.namifyDataset(message.meta);
  return { file, buffer, dataset };
}

const asArray = value => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const first = value => (Array.isArray(value) ? value[0] : value);
const rel = file => path.relative(folder, file);

const objects = { seg: [], sr: [], images: [], secondaryCaptures: [], pdfs: [], other: [] };
for (const file of walk(folder)) {
  let read;
  try {
    read = readDicom(file);
  } catch (error) {
    objects.other.push({ file, why: `not readable by dcmjs: ${error.message}` });
    continue;
  }
  if (!read) continue;
  const uid = read.dataset.SOPClassUID;
  if (uid === SOP.seg || uid === SOP.labelmapSeg) objects.seg.push(read);
  else if (SR_CLASSES.has(uid)) objects.sr.push(read);
  else if (uid === SOP.encapsulatedPdf) objects.pdfs.push(read);
  else if (read.dataset.Rows && read.dataset.Columns && hasImagePlane(read.dataset)) {
    (isSecondaryCapture(uid) ? objects.secondaryCaptures : objects.images).push(read);
  } else if (isSecondaryCapture(uid)) objects.secondaryCaptures.push(read);
  else objects.other.push({ file, why: `SOP class ${uid} not checked` });
}

// ---------------------------------------------------------------------------------------------- metadata provider
// What OHIF's metadata provider answers for a source image, built from the dcmjs-naturalized source file. One imageId
// per instance (dicomfile:PATH) or per frame of a multi-frame instance (dicomfile:PATH?frame=N, frames counted from 1),
// as OHIF's WADO-URI scheme does; the adapters' SEG loader rewrites the frame=N of such an imageId to the Referenced
// Frame Number of a SEG frame's source, and the SR loader keys images by "SOP Instance UID:frame".

const instanceByImageId = new Map();
const imageIdBySopFrame = new Map();
// OHIF's display sets (extension default, getDisplaySetsFromSeries): the single-frame images of a series make one,
// every multi-frame instance one of its own. series -> [{ multiFrame, sopInstanceUid, imageIds }]
const displaySetsBySeries = new Map();

/** An image whose plane is known: Image Position (Patient) at the top level, or in the functional groups (PS3.3 C.7.6.16). */
function hasImagePlane(dataset) {
  return dataset.ImagePositionPatient !== undefined || frameGeometry(dataset, 0).position.length === 3;
}

function frameGeometry(dataset, frameIndex) {
  const perFrame = asArray(dataset.PerFrameFunctionalGroupsSequence)[frameIndex];
  const shared = first(dataset.SharedFunctionalGroupsSequence);
  const pick = key => first(perFrame?.[key]) ?? first(shared?.[key]);
  const position = pick('PlanePositionSequence')?.ImagePositionPatient ?? dataset.ImagePositionPatient;
  const orientation = pick('PlaneOrientationSequence')?.ImageOrientationPatient ?? dataset.ImageOrientationPatient;
  const measures = pick('PixelMeasuresSequence');
  const spacing = measures?.PixelSpacing ?? dataset.PixelSpacing;
  const thickness = measures?.SliceThickness ?? dataset.SliceThickness;
  return {
    position: asArray(position).map(Number),
    orientation: asArray(orientation).map(Number),
    spacing: asArray(spacing).map(Number),
    thickness: thickness === undefined ? undefined : Number(thickness),
  };
}

/**
 * The 'instance' OHIF's metadata provider gives for one frame of a multi-frame image: the instance with the attributes
 * of every macro item in the Shared and then the frame's Per-frame Functional Groups (Plane Position, Plane
 * Orientation, Pixel Measures, MR Diffusion …) lifted to the top level, the frame's own winning.
 */
function frameInstance(dataset, frameIndex) {
  const combined = { ...dataset };
  for (const groups of [first(dataset.SharedFunctionalGroupsSequence), asArray(dataset.PerFrameFunctionalGroupsSequence)[frameIndex]]) {
    for (const value of Object.values(groups ?? {})) {
      const item = first(value);
      if (!item || typeof item !== 'object' || ArrayBuffer.isView(item) || item.SOPInstanceUID) continue;
      for (const [key, attribute] of Object.entries(item)) if (key !== '_vrMap') combined[key] = attribute;
    }
  }
  return combined;
}

for (const image of objects.images) {
  const ds = image.dataset;
  const frames = Number(ds.NumberOfFrames) || 1;
  if (!displaySetsBySeries.has(ds.SeriesInstanceUID)) displaySetsBySeries.set(ds.SeriesInstanceUID, []);
  const displaySets = displaySetsBySeries.get(ds.SeriesInstanceUID);
  let displaySet = frames > 1 ? undefined : displaySets.find(d => !d.multiFrame);
  if (!displaySet) {
    displaySet = { multiFrame: frames > 1, sopInstanceUid: frames > 1 ? ds.SOPInstanceUID : undefined, imageIds: [] };
    displaySets.push(displaySet);
  }
  for (let f = 1; f <= frames; f++) {
    const imageId =
      imageIdScheme === 'wadors'
        ? `wadors:https://pacs.invalid/dicom-web/studies/${ds.StudyInstanceUID}/series/${ds.SeriesInstanceUID}/instances/${ds.SOPInstanceUID}/frames/${f}`
        : frames > 1
          ? `dicomfile:${image.file}?frame=${f}`
          : `dicomfile:${image.file}`;
    const instance = frames > 1 ? frameInstance(ds, f - 1) : ds;
    instanceByImageId.set(imageId, { ds, instance, geometry: frameGeometry(ds, f - 1), frame: f, frames, file: image.file });
    imageIdBySopFrame.set(`${ds.SOPInstanceUID}:${f}`, imageId);
    displaySet.imageIds.push(imageId);
  }
}

// A display set's image order: along the slice normal, as OHIF sorts a reconstructable series.
const normalOf = orientation => {
  const [a, b, c, d, e, f] = orientation;
  return [b * f - c * e, c * d - a * f, a * e - b * d];
};
for (const displaySet of [...displaySetsBySeries.values()].flat()) {
  displaySet.imageIds.sort((x, y) => {
    const ex = instanceByImageId.get(x);
    const ey = instanceByImageId.get(y);
    const n = normalOf(ex.geometry.orientation);
    const dot = p => p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
    return dot(ex.geometry.position) - dot(ey.geometry.position) || Number(ex.ds.InstanceNumber) - Number(ey.ds.InstanceNumber) || ex.frame - ey.frame;
  });
}

/** How a report names one source image: its series, Instance Number and, in a multi-frame instance, the frame. */
function imageName(imageId) {
  const entry = instanceByImageId.get(imageId);
  return `${entry.ds.SeriesDescription ?? ''} image ${entry.ds.InstanceNumber}${entry.frames > 1 ? ` frame ${entry.frame}` : ''}`;
}

function provide(type, imageId) {
  const entry = instanceByImageId.get(imageId);
  if (!entry) return undefined;
  const { ds, instance, geometry } = entry;
  switch (type) {
    case 'instance':
      return instance;
    case 'generalImageModule':
      return { sopInstanceUID: ds.SOPInstanceUID, instanceNumber: Number(ds.InstanceNumber) };
    case 'generalSeriesModule':
      return { modality: ds.Modality, seriesInstanceUID: ds.SeriesInstanceUID, seriesNumber: Number(ds.SeriesNumber), studyInstanceUID: ds.StudyInstanceUID };
    case 'generalStudyModule':
      return { studyInstanceUID: ds.StudyInstanceUID };
    case 'imagePlaneModule': {
      const [rowSpacing, columnSpacing] = geometry.spacing;
      return {
        frameOfReferenceUID: ds.FrameOfReferenceUID,
        rows: Number(ds.Rows),
        columns: Number(ds.Columns),
        imageOrientationPatient: geometry.orientation,
        rowCosines: geometry.orientation.slice(0, 3),
        columnCosines: geometry.orientation.slice(3, 6),
        imagePositionPatient: geometry.position,
        sliceThickness: geometry.thickness,
        pixelSpacing: geometry.spacing,
        rowPixelSpacing: rowSpacing,
        columnPixelSpacing: columnSpacing,
      };
    }
    case 'imagePixelModule':
      return {
        samplesPerPixel: Number(ds.SamplesPerPixel) || 1,
        photometricInterpretation: ds.PhotometricInterpretation,
        rows: Number(ds.Rows),
        columns: Number(ds.Columns),
        bitsAllocated: Number(ds.BitsAllocated),
        bitsStored: Number(ds.BitsStored),
        highBit: Number(ds.HighBit),
        pixelRepresentation: Number(ds.PixelRepresentation),
      };
    case 'sopCommonModule':
      return { sopClassUID: ds.SOPClassUID, sopInstanceUID: ds.SOPInstanceUID };
    default:
      return undefined;
  }
}
metaData.addProvider(provide, 10000);

// The adapters log to the console as they work (every hydrated measurement, every skipped frame). Keep those lines
// with the file they concern, in the report, instead of on the terminal.
async function captureConsole(work) {
  const lines = [];
  const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
  for (const level of Object.keys(saved)) {
    // An error among the arguments is said first: the object logged before it can be long.
    console[level] = (...parts) => {
      const errors = parts.filter(p => p instanceof Error).map(e => `[${e.message}]`);
      lines.push(`${level}: ${[...errors, ...parts.filter(p => !(p instanceof Error)).map(p => (typeof p === 'string' ? p : safeJson(p)))].join(' ')}`);
    };
  }
  try {
    return { value: await work(), lines };
  } catch (error) {
    return { error, lines };
  } finally {
    Object.assign(console, saved);
  }
}
function safeJson(value) {
  if (value instanceof Error) return value.message;
  try {
    const text = JSON.stringify(value, (k, v) => (ArrayBuffer.isView(v) ? `[${v.constructor.name} ${v.length}]` : v));
    return text && text.length > 300 ? text.slice(0, 300) + '…' : text;
  } catch {
    return String(value);
  }
}

// ---------------------------------------------------------------------------------------------- SEG

/** The SEG's frames decoded on our own from the bit-packed Pixel Data (PS3.3 C.8.20.2: 1 bit, LSB first, no padding between frames). */
function decodeSegFrames(ds) {
  const rows = Number(ds.Rows);
  const columns = Number(ds.Columns);
  const frames = Number(ds.NumberOfFrames) || 1;
  const parts = asArray(ds.PixelData).map(p => new Uint8Array(p));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    bytes.set(p, offset);
    offset += p.length;
  }
  const plane = rows * columns;
  const bitsAllocated = Number(ds.BitsAllocated);
  if (ds._meta?.TransferSyntaxUID && first(ds._meta.TransferSyntaxUID.Value) !== '1.2.840.10008.1.2.1' && first(ds._meta.TransferSyntaxUID.Value) !== '1.2.840.10008.1.2') {
    throw new Error(`transfer syntax ${first(ds._meta.TransferSyntaxUID.Value)} is not decoded by this bench`);
  }
  const result = [];
  for (let f = 0; f < frames; f++) {
    const frame = new Uint8Array(plane);
    for (let p = 0; p < plane; p++) {
      if (bitsAllocated === 1) {
        const bit = f * plane + p;
        frame[p] = (bytes[bit >> 3] >> (bit & 7)) & 1;
      } else {
        frame[p] = bytes[f * plane + p] ? 1 : 0;
      }
    }
    result.push(frame);
  }
  return { rows, columns, frames: result };
}

function segmentLabel(ds, number) {
  const segment = asArray(ds.SegmentSequence).find(s => Number(s.SegmentNumber) === number);
  return segment?.SegmentLabel ?? `segment ${number}`;
}

// SEG SOP Instance UID -> segment -> [{ imageId, mask, columns }]: where each segment's pixels are, for the SR's regions.
const segmentSlices = new Map();

const closeTo = (a, b, tolerance) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

async function checkSeg(seg) {
  const ds = seg.dataset;
  const report = { file: rel(seg.file), kind: 'SEG', series: ds.SeriesDescription ?? '', sopInstanceUid: ds.SOPInstanceUID, problems: [], notes: [], segments: [], adapterLog: [] };
  const referencedSeries = first(ds.ReferencedSeriesSequence)?.SeriesInstanceUID;
  const perFrame = asArray(ds.PerFrameFunctionalGroupsSequence);
  const sourceOf = group => first(first(group?.DerivationImageSequence)?.SourceImageSequence);
  // OHIF takes the referenced display set's imageIds: the source series in display order. A series of several
  // multi-frame instances is several display sets; the SEG goes onto one, here the one its first frame's source is in.
  const displaySets = displaySetsBySeries.get(referencedSeries) ?? [];
  const firstSource = sourceOf(perFrame[0])?.ReferencedSOPInstanceUID;
  const displaySet = displaySets.find(d => d.multiFrame && d.sopInstanceUid === firstSource) ?? displaySets[0];
  const referencedImageIds = displaySet?.imageIds ?? [];
  report.sourceSeries = referencedSeries;
  report.sourceImages = referencedImageIds.length;
  if (displaySet?.multiFrame) {
    report.sourceInstance = displaySet.sopInstanceUid;
    report.notes.push(`source: multi-frame ${instanceByImageId.get(referencedImageIds[0]).ds.SOPClassUID} instance ${displaySet.sopInstanceUid}, ${referencedImageIds.length} frames, one imageId per frame`);
  }
  if (displaySets.length > 1) {
    report.notes.push(`the source series is ${displaySets.length} display sets in OHIF (each multi-frame instance one of its own); the SEG is loaded onto the one of ${displaySet.multiFrame ? `instance ${displaySet.sopInstanceUid}` : 'the single-frame images'}`);
  }
  if (!referencedImageIds.length) {
    report.problems.push(`source series ${referencedSeries} is not in the folder: nothing to load the SEG onto`);
    return report;
  }

  // 1. What the SEG says, decoded on our own.
  const { rows, columns, frames } = decodeSegFrames(ds);
  const plane = rows * columns;
  const indexOfImageId = new Map(referencedImageIds.map((id, i) => [id, i]));
  const expected = new Map(); // segment -> Map(imageIndex -> Uint8Array mask)
  const sharedOrientation = asArray(first(first(ds.SharedFunctionalGroupsSequence)?.PlaneOrientationSequence)?.ImageOrientationPatient).map(Number);
  let geometryMismatches = 0;
  const frameProblems = [];
  for (let f = 0; f < frames.length; f++) {
    const group = perFrame[f];
    const segmentNumber = Number(first(group?.SegmentIdentificationSequence)?.ReferencedSegmentNumber);
    const source = sourceOf(group);
    const sourceUid = source?.ReferencedSOPInstanceUID;
    const sourceFrames = asArray(source?.ReferencedFrameNumber).map(Number);
    // PS3.3 10.3: Referenced Frame Number is required when the referenced instance is a multi-frame image and the
    // reference is not to every frame. Without it the adapter takes whichever frame of that instance it met first.
    const multiFrameSource = imageIdBySopFrame.has(`${sourceUid}:2`);
    if (multiFrameSource && sourceFrames.length !== 1) {
      frameProblems.push(`frame ${f + 1} (segment ${segmentNumber}) references multi-frame image ${sourceUid} with ${sourceFrames.length ? `${sourceFrames.length} Referenced Frame Numbers` : 'no Referenced Frame Number'}: the adapter cannot tell the one frame it was derived from (the SEG's fault)`);
      continue;
    }
    const imageId = source ? imageIdBySopFrame.get(`${sourceUid}:${sourceFrames[0] || 1}`) : undefined;
    if (!imageId) {
      frameProblems.push(`frame ${f + 1} (segment ${segmentNumber}) references ${sourceUid ?? 'no image'}${sourceFrames.length ? ` frame ${sourceFrames.join('\\')}` : ''}, not an image in the folder`);
      continue;
    }
    if (!indexOfImageId.has(imageId)) {
      frameProblems.push(`frame ${f + 1} (segment ${segmentNumber}) references ${imageName(imageId)}, not an image of the display set the SEG is loaded onto (${displaySets.length > 1 ? 'another multi-frame instance of the source series: OHIF loads a SEG onto one display set' : 'another series'})`);
      continue;
    }
    const sourceGeometry = instanceByImageId.get(imageId).geometry;
    const position = asArray(first(group?.PlanePositionSequence)?.ImagePositionPatient).map(Number);
    const orientation = sharedOrientation.length ? sharedOrientation : asArray(first(group?.PlaneOrientationSequence)?.ImageOrientationPatient).map(Number);
    if (!closeTo(position, sourceGeometry.position, 0.01) || !closeTo(orientation, sourceGeometry.orientation, 1e-4)) {
      geometryMismatches++;
      if (geometryMismatches <= 3) {
        report.problems.push(`frame ${f + 1}: plane position ${position.join('\\')} / orientation differ from those of its source, ${imageName(imageId)}: ${sourceGeometry.position.join('\\')}`);
      }
    }
    if (!expected.has(segmentNumber)) expected.set(segmentNumber, new Map());
    const bySlice = expected.get(segmentNumber);
    const index = indexOfImageId.get(imageId);
    const mask = bySlice.get(index) ?? new Uint8Array(plane);
    const data = frames[f];
    for (let p = 0; p < plane; p++) if (data[p]) mask[p] = 1;
    bySlice.set(index, mask);
  }
  if (geometryMismatches > 3) report.problems.push(`… ${geometryMismatches} frames in all whose plane differs from their source image`);
  report.problems.push(...frameProblems.slice(0, 3));
  if (frameProblems.length > 3) report.problems.push(`… ${frameProblems.length} frames in all without their source image`);

  segmentSlices.set(ds.SOPInstanceUID, new Map([...expected].map(([number, bySlice]) => [number, [...bySlice].map(([index, mask]) => ({ imageId: referencedImageIds[index], mask, columns }))])));

  // Voxels claimed by two segments: one labelmap voxel holds one segment id.
  const claims = new Map(); // imageIndex -> Uint8Array count
  for (const bySlice of expected.values()) {
    for (const [index, mask] of bySlice) {
      const count = claims.get(index) ?? new Uint8Array(plane);
      for (let p = 0; p < plane; p++) if (mask[p]) count[p]++;
      claims.set(index, count);
    }
  }

  // 2. What the adapter gives OHIF: createFromDICOMSegBuffer is createLabelmapsFromSegImageIds — the code path of OHIF
  // 3.13.2's createFromDicomSegImageId — with the frames decoded from the same Part 10 buffer. What the adapter keeps
  // of overlapping segments depends on the order of the source images (its merge step walks sparse per-image
  // arrays), so it runs with the two orders a viewer uses: along the slice normal and by Instance Number.
  const byInstanceNumber = [...referencedImageIds].sort((x, y) => {
    const a = instanceByImageId.get(x);
    const b = instanceByImageId.get(y);
    return (Number(a.ds.InstanceNumber) || 0) - (Number(b.ds.InstanceNumber) || 0) || String(a.ds.SOPInstanceUID).localeCompare(String(b.ds.SOPInstanceUID)) || a.frame - b.frame;
  });
  // A multi-frame display set's stack is its frames in frame order.
  const orders = [['slice position', referencedImageIds], [displaySet.multiFrame ? 'frame number' : 'Instance Number', byInstanceNumber]];
  const perOrder = [];
  for (const [orderName, imageIds] of orders) {
    const run = await captureConsole(() =>
      adaptersSEG.Cornerstone3D.Segmentation.createFromDICOMSegBuffer(imageIds, seg.buffer, { metadataProvider: metaData, tolerance: 0.001 })
    );
    report.adapterLog.push(...run.lines.filter(l => !l.startsWith('log:')).slice(0, 10).map(l => `(${orderName}) ${l}`));
    if (run.error) {
      report.problems.push(`adapter failed (images by ${orderName}): ${run.error.message}`);
      cache.purgeCache();
      return report;
    }
    const result = run.value;
    const layers = result.labelMapImages ?? [];
    // One pass over what the adapter loaded: every labelled voxel counted for its segment, misplaced when our own
    // decoding does not put that segment there.
    const loadedCount = new Map();
    const misplacedCount = new Map();
    const found = new Map(); // segment -> Map(imageIndex -> Uint8Array)
    for (const layer of layers) {
      for (const image of layer) {
        const index = indexOfImageId.get(image.referencedImageId);
        if (index === undefined) continue;
        const data = image.voxelManager?.getScalarData?.() ?? image.getPixelData();
        for (let p = 0; p < data.length; p++) {
          const number = data[p];
          if (!number) continue;
          loadedCount.set(number, (loadedCount.get(number) ?? 0) + 1);
          const mask = expected.get(number)?.get(index);
          if (!mask?.[p]) {
            misplacedCount.set(number, (misplacedCount.get(number) ?? 0) + 1);
            continue;
          }
          if (!found.has(number)) found.set(number, new Map());
          const hits = found.get(number);
          if (!hits.has(index)) hits.set(index, new Uint8Array(plane));
          hits.get(index)[p] = 1;
        }
      }
    }
    // OHIF keeps every layer's images as the segmentation's labelmap images (labelMapImages.flat()); each one carries
    // the plane of the source image it was derived from.
    const labelmapSources = layers.flat().map(image => image.referencedImageId).filter(id => instanceByImageId.has(id));
    perOrder.push({ orderName, layers: layers.length, overlapping: Boolean(result.overlappingSegments), loadedCount, misplacedCount, found, labelmapSources });
    // Free the derived labelmaps before the next run.
    cache.purgeCache();
  }
  report.labelmapLayers = perOrder.map(o => o.layers).join('/');
  report.overlappingSegments = perOrder.some(o => o.overlapping);
  report.orders = perOrder.map(o => o.orderName);

  // 3. The segment volume OHIF shows (segmentation panel, "Volume" in mm³). OHIF 3.13.2's updateSegmentationStats calls
  // Cornerstone3D's getStatistics, which stacks the labelmap images into one volume
  // (createAndCacheVolumeFromImagesSync → generateVolumePropsFromImageIds) and multiplies each segment's voxel count
  // by spacing[0] × spacing[1] × spacing[2]: Pixel Spacing and calculateSpacingBetweenImageIds, the distance between
  // the outermost image positions divided by (number of images − 1). That is the slice spacing only when the series
  // holds one image per position.
  const volumeRun = perOrder[0];
  for (const o of perOrder) o.ohifSpacing = o.labelmapSources.length ? csUtilities.calculateSpacingBetweenImageIds(o.labelmapSources) : NaN;
  const ohifSpacing = volumeRun.ohifSpacing;
  const sourcePlane = instanceByImageId.get(referencedImageIds[0]).geometry;
  const [rowSpacing, columnSpacing] = sourcePlane.spacing;
  const measures = first(first(ds.SharedFunctionalGroupsSequence)?.PixelMeasuresSequence);
  const segPixelSpacing = asArray(measures?.PixelSpacing).map(Number);
  const segBetween = Number(measures?.SpacingBetweenSlices);
  const segVoxel = segPixelSpacing[0] * segPixelSpacing[1] * segBetween;
  // The source's own slice spacing: between its distinct image positions along the normal.
  const normal = (() => {
    const [a, b, c, d, e, f] = sourcePlane.orientation;
    return [b * f - c * e, c * d - a * f, a * e - b * d];
  })();
  const along = id => {
    const p = instanceByImageId.get(id).geometry.position;
    return p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2];
  };
  const positions = [...new Set(referencedImageIds.map(id => Math.round(along(id) * 1000) / 1000))].sort((a, b) => a - b);
  const sourceSpacing = positions.length > 1 ? (positions.at(-1) - positions[0]) / (positions.length - 1) : NaN;
  report.volume = {
    labelmapImages: volumeRun.labelmapSources.length,
    sourcePositions: positions.length,
    imagesPerPosition: Math.round((referencedImageIds.length / positions.length) * 100) / 100,
    sourceSliceSpacing: sourceSpacing,
    ohifSliceSpacing: ohifSpacing,
    segSpacingBetweenSlices: segBetween,
    segPixelSpacing,
    severalPerPosition: referencedImageIds.length > positions.length,
  };
  if (positions.length > 1 && !(Math.abs(segBetween - sourceSpacing) <= 0.01)) {
    report.problems.push(`Pixel Measures: Spacing Between Slices ${segBetween} mm, but the source's ${positions.length} image positions are ${sourceSpacing.toFixed(3)} mm apart`);
  }
  if (!closeTo(segPixelSpacing, sourcePlane.spacing, 1e-4)) {
    report.problems.push(`Pixel Measures: Pixel Spacing ${segPixelSpacing.join('\\')} differs from the source's ${sourcePlane.spacing.join('\\')}`);
  }
  const severalPerPosition = report.volume.severalPerPosition;
  let volumeMismatches = 0;

  const segmentNumbers = new Set([...expected.keys(), ...asArray(ds.SegmentSequence).map(s => Number(s.SegmentNumber))]);
  for (const number of [...segmentNumbers].sort((a, b) => a - b)) {
    const bySlice = expected.get(number) ?? new Map();
    let pixels = 0;
    let shared = 0;
    let slices = 0;
    const lostBy = perOrder.map(() => 0);
    for (const [index, mask] of bySlice) {
      const count = claims.get(index);
      const hitsBy = perOrder.map(o => o.found.get(number)?.get(index));
      let any = false;
      for (let p = 0; p < plane; p++) {
        if (!mask[p]) continue;
        any = true;
        pixels++;
        if (count[p] > 1) shared++;
        for (let o = 0; o < perOrder.length; o++) if (!hitsBy[o]?.[p]) lostBy[o]++;
      }
      if (any) slices++;
    }
    const loadedBy = perOrder.map(o => o.loadedCount.get(number) ?? 0);
    const misplacedBy = perOrder.map(o => o.misplacedCount.get(number) ?? 0);
    const lost = Math.max(...lostBy);
    const misplaced = Math.max(...misplacedBy);
    const label = segmentLabel(ds, number);
    const segVolume = pixels * segVoxel;
    // Per image order: the voxels the adapter loaded for the segment × the voxel of the volume OHIF stacks.
    const ohifVolumes = perOrder.map(o => (o.loadedCount.get(number) ?? 0) * columnSpacing * rowSpacing * o.ohifSpacing);
    const ohifVolume = ohifVolumes[0];
    report.segments.push({ number, label, slices, pixels, loaded: loadedBy, lost: lostBy, misplaced: misplacedBy, sharedWithAnotherSegment: shared, segVolumeMm3: segVolume, ohifVolumeMm3: ohifVolume, ohifVolumesMm3: ohifVolumes });
    // One source position has no spacing to compare (OHIF then takes Slice Thickness): only stacks are checked.
    if (pixels && positions.length > 1 && ohifVolumes.some(v => Math.abs(v - segVolume) > 0.005 * segVolume)) volumeMismatches++;
    if (lost || misplaced) {
      const detail = perOrder.map((o, i) => `${lostBy[i]} lost, ${misplacedBy[i]} misplaced with images by ${o.orderName}`).join('; ');
      report.problems.push(`segment ${number} "${label}" (${pixels} pixels): ${detail}`);
    }
    if (shared) report.problems.push(`segment ${number} "${label}": ${shared} of ${pixels} pixels overlap another segment (OHIF 3.13 collapses a SEG to one labelmap, one segment per voxel)`);
    if (!pixels) report.problems.push(`segment ${number} "${label}": empty (no frame, or no pixel set)`);
  }
  if (perOrder.some(o => o.layers > 1)) report.problems.push(`the adapter split the SEG into ${report.labelmapLayers} labelmap layers (by ${report.orders.join('/')}) because segments overlap`);
  if (volumeMismatches) {
    const v = report.volume;
    const why = `OHIF's volume stacks ${v.labelmapImages} labelmap images over ${v.sourcePositions} positions: slice spacing ${ohifSpacing.toFixed(3)} mm instead of ${segBetween} mm, every volume × ${(ohifSpacing / segBetween).toFixed(3)}`;
    if (severalPerPosition && perOrder.every(o => o.layers === 1)) {
      // A series with several images per position (b-values, echoes) is the source as acquired; the SEG is right and
      // OHIF 3.13.2 / Cornerstone3D 5.x cannot stack it (docs/viewers.md): a documented viewer limitation.
      report.notes.push(`OHIF 3.13.2 shows ${volumeMismatches} segment volumes wrong: the source series holds ${v.imagesPerPosition} images per position; ${why}`);
    } else {
      report.problems.push(`OHIF 3.13.2 would show ${volumeMismatches} segment volumes wrong: ${why}`);
    }
  }
  return report;
}

/** The segment a TID 1411 group's Referenced Segment names, and the Volume it quotes (cm3 → mm³). */
function srSegmentVolumes(ds) {
  const result = [];
  for (const { item } of contentItems(ds.ContentSequence)) {
    if (meaning(item) !== 'Measurement Group') continue;
    const children = asArray(item.ContentSequence);
    const segmentItem = children.find(c => c.ValueType === 'IMAGE' && meaning(c) === 'Referenced Segment');
    const volumeItem = children.find(c => c.ValueType === 'NUM' && meaning(c) === 'Volume');
    if (!segmentItem || !volumeItem) continue;
    const ref = first(segmentItem.ReferencedSOPSequence);
    const value = first(volumeItem.MeasuredValueSequence);
    const unit = first(value?.MeasurementUnitsCodeSequence)?.CodeValue;
    const scale = unit === 'cm3' ? 1000 : unit === 'mm3' ? 1 : NaN;
    const text = String(value?.NumericValue ?? '');
    const decimals = text.includes('.') ? text.split('.')[1].length : 0;
    const tracking = children.find(c => meaning(c) === 'Tracking Identifier')?.TextValue ?? '';
    result.push({
      tracking,
      sop: ref?.ReferencedSOPInstanceUID,
      segment: Number(ref?.ReferencedSegmentNumber),
      volumeMm3: Number(text) * scale,
      // Half a unit of the last written digit: what rounding to the SR's decimals may move the value.
      roundingMm3: 0.5 * Math.pow(10, -decimals) * scale,
      unit,
    });
  }
  return result;
}

/** Each SR volume against its segment: the node's own (pixels × Pixel Measures) and what OHIF shows. */
function compareSrVolumes(srReport, ds, segReports) {
  const segs = new Map(segReports.map(r => [r.sopInstanceUid, r]));
  srReport.volumes = [];
  for (const v of srSegmentVolumes(ds)) {
    const seg = segs.get(v.sop);
    const segment = seg?.segments.find(s => s.number === v.segment);
    if (!segment) {
      srReport.problems.push(`"${v.tracking}": Referenced Segment ${v.segment} of ${v.sop} is not a segment of a SEG in the folder`);
      continue;
    }
    const entry = { tracking: v.tracking, series: seg.series, segment: v.segment, srMm3: v.volumeMm3, segMm3: segment.segVolumeMm3, ohifMm3: segment.ohifVolumeMm3, severalPerPosition: seg.volume?.severalPerPosition ?? false, labelmapImages: seg.volume?.labelmapImages };
    srReport.volumes.push(entry);
    if (Math.abs(v.volumeMm3 - segment.segVolumeMm3) > v.roundingMm3 + 1e-6 * segment.segVolumeMm3) {
      srReport.problems.push(`"${v.tracking}": the SR's volume ${v.volumeMm3.toFixed(1)} mm³ is not its segment's ${segment.pixels} pixels × the SEG's Pixel Measures = ${segment.segVolumeMm3.toFixed(1)} mm³`);
    }
  }
  // OHIF rounds a volume of 100 mm³ or more to whole mm³ (roundNumber): compare at half a mm³ plus the SR's rounding.
  const off = srReport.volumes.filter(e => Math.abs(e.ohifMm3 - e.srMm3) > 0.005 * e.srMm3 + 1);
  const known = off.filter(e => e.severalPerPosition);
  const wrong = off.filter(e => !e.severalPerPosition);
  const say = e => `"${e.tracking}" on ${e.series}: SR ${(e.srMm3 / 1000).toFixed(3)} cm³, OHIF ${e.ohifMm3.toFixed(0)} mm³`;
  if (known.length) {
    srReport.notes.push(`OHIF 3.13.2 shows ${known.length} of ${srReport.volumes.length} quoted volumes otherwise than the SR, all of segments on a series holding several images per position (first: ${say(known[0])})`);
  }
  for (const e of wrong) srReport.problems.push(`OHIF 3.13.2 would show another volume than the SR: ${say(e)} (${e.labelmapImages} labelmap images)`);
}

// ---------------------------------------------------------------------------------------------- SR

const meaning = item => first(item?.ConceptNameCodeSequence)?.CodeMeaning ?? '';
const conceptCode = item => first(item?.ConceptNameCodeSequence)?.CodeValue;
const codeText = code => (code ? `(${code.CodeValue}, ${code.CodingSchemeDesignator}, "${code.CodeMeaning}")` : '');

function valueText(item) {
  switch (item.ValueType) {
    case 'TEXT':
      return `"${item.TextValue}"`;
    case 'CODE':
      return codeText(first(item.ConceptCodeSequence));
    case 'NUM': {
      const mv = first(item.MeasuredValueSequence);
      return mv ? `${mv.NumericValue} ${first(mv.MeasurementUnitsCodeSequence)?.CodeValue ?? ''}`.trim() : '(no value)';
    }
    case 'UIDREF':
      return item.UID;
    case 'IMAGE': {
      const ref = first(item.ReferencedSOPSequence);
      const segment = ref?.ReferencedSegmentNumber;
      return `${ref?.ReferencedSOPInstanceUID ?? ''}${segment !== undefined ? ` segment ${segment}` : ''}`;
    }
    case 'SCOORD':
    case 'SCOORD3D':
      return `${item.GraphicType} (${asArray(item.GraphicData).length} values)`;
    default:
      return '';
  }
}

/** OHIF 3.13.2 cornerstone-dicom-sr `_getMeasurements`: Imaging Measurements → Measurement Groups merged by Tracking Unique Identifier. */
function ohifMeasurements(contentSequence) {
  const imagingMeasurements = asArray(contentSequence).find(item => conceptCode(item) === CODE.imagingMeasurements);
  if (!imagingMeasurements) return { measurements: [], groups: [] };
  const groups = asArray(imagingMeasurements.ContentSequence).filter(item => conceptCode(item) === CODE.measurementGroup);
  const merged = new Map();
  for (const group of groups) {
    const content = asArray(group.ContentSequence);
    const uid = content.find(item => conceptCode(item) === CODE.trackingUniqueIdentifier)?.UID;
    if (!merged.has(uid)) merged.set(uid, { content: [...content], groups: [group] });
    else {
      merged.get(uid).content.push(...content.filter(item => conceptCode(item) !== CODE.trackingUniqueIdentifier));
      merged.get(uid).groups.push(group);
    }
  }
  const measurements = [];
  for (const [uid, { content, groups: sourceGroups }] of merged) {
    const tracking = content.find(item => conceptCode(item) === CODE.trackingIdentifier)?.TextValue ?? '';
    const coordsOf = item => ({
      ValueType: item.ValueType,
      GraphicType: item.GraphicType,
      GraphicData: item.GraphicData,
      ReferencedSOPSequence: item.ContentSequence?.ReferencedSOPSequence,
      ReferencedFrameOfReferenceSequence: item.ReferencedFrameOfReferenceUID || item.ContentSequence?.ReferencedFrameOfReferenceSequence,
    });
    const labelOf = item => {
      const mv = first(item.MeasuredValueSequence);
      const value = mv?.NumericValue ? Number(mv.NumericValue).toFixed(2) : '';
      return { label: meaning(item), value: `${value} ${first(mv?.MeasurementUnitsCodeSequence)?.CodeValue ?? ''}` };
    };
    const graphic = content.find(item => item.ValueType === 'SCOORD' || item.ValueType === 'SCOORD3D');
    const measurement = { trackingUniqueIdentifier: uid, trackingIdentifier: tracking, labels: [], coords: [], used: new Set(), groups: sourceGroups, content };
    const use = item => measurement.used.add(item);
    content.filter(item => [CODE.trackingIdentifier, CODE.trackingUniqueIdentifier].includes(conceptCode(item))).forEach(use);
    if (graphic) {
      // _processTID1410Measurement
      measurement.path = 'TID 1410 (image region)';
      measurement.coords.push(coordsOf(graphic));
      use(graphic);
      measurement.graphicType = graphic.GraphicType;
      measurement.graphicCode = `${first(graphic.ConceptNameCodeSequence)?.CodingSchemeDesignator}:${conceptCode(graphic)}`;
      measurement.pointsLength = asArray(graphic.GraphicData).length / (graphic.ValueType === 'SCOORD3D' ? 3 : 2);
      for (const item of content.filter(i => i.ValueType === 'NUM' && i.MeasuredValueSequence)) {
        measurement.labels.push(labelOf(item));
        use(item);
      }
      const site = content.find(i => first(i.ConceptNameCodeSequence)?.CodingSchemeDesignator === 'SCT' && conceptCode(i) === CODE.findingSiteSct);
      if (site) {
        measurement.labels.push({ label: 'Finding Site', value: first(site.ConceptCodeSequence)?.CodeMeaning });
        use(site);
      }
    } else {
      // _processNonGeometricallyDefinedMeasurement
      measurement.path = 'non-geometric';
      for (const item of content.filter(i => i.ValueType === 'NUM')) {
        const nested = asArray(item.ContentSequence).find(cs => cs.ValueType === 'SCOORD' || cs.ValueType === 'SCOORD3D');
        if (nested) measurement.coords.push(coordsOf(nested));
        if (item.MeasuredValueSequence) {
          measurement.labels.push(labelOf(item));
          use(item);
        }
      }
      const site = content.find(i => first(i.ConceptNameCodeSequence)?.CodingSchemeDesignator === 'SRT' && conceptCode(i) === CODE.findingSiteSrt);
      if (site && ['CORNERSTONEJS', 'CST4'].includes(first(site.ConceptCodeSequence)?.CodingSchemeDesignator)) use(site);
    }
    measurement.dropped = content.filter(item => !measurement.used.has(item));
    measurements.push(measurement);
  }
  return { measurements, groups };
}

/** Every content item below `items`, depth first, with the path of concept names above it. */
function* contentItems(items, trail = []) {
  for (const item of asArray(items)) {
    yield { item, trail };
    if (item.ContentSequence) yield* contentItems(item.ContentSequence, [...trail, meaning(item)]);
  }
}

const N_STAGE = /\bN\b.*categor|N categor|node categor|lymph node.*(stage|categor)|tumou?r stage/i;
const M_STAGE = /\bM\b.*categor|M categor|metasta.*categor|distant metasta/i;
const COUNT = /^number of|count\b/i;

/**
 * The image region of a TID 1410 group against the segment of the TID 1411 group OHIF merges with it (one Tracking
 * Unique Identifier): the region must lie in a plane where the segment has pixels and, where the two share a pixel grid,
 * over some of them. A region on the wrong image or frame (a Referenced Frame Number off by one) is still placed on an
 * image, but not on its finding. True when it is on its segment, a sentence when not, undefined when there is nothing
 * to compare (no segment named, or its SEG not in the folder: the volume check says so).
 */
function regionOnItsSegment(m) {
  const segmentItem = m.content.find(i => i.ValueType === 'IMAGE' && meaning(i) === 'Referenced Segment');
  if (!m.imageId || !segmentItem) return undefined;
  const ref = first(segmentItem.ReferencedSOPSequence);
  const slices = segmentSlices.get(ref?.ReferencedSOPInstanceUID)?.get(Number(ref?.ReferencedSegmentNumber));
  if (!slices?.length) return undefined;
  const region = instanceByImageId.get(m.imageId);
  const n = normalOf(region.geometry.orientation);
  const along = p => p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
  const here = along(region.geometry.position);
  const geometryOf = s => instanceByImageId.get(s.imageId);
  const samePlane = slices.filter(s => {
    const g = geometryOf(s);
    return g.ds.FrameOfReferenceUID === region.ds.FrameOfReferenceUID && closeTo(g.geometry.orientation, region.geometry.orientation, 1e-4) && Math.abs(along(g.geometry.position) - here) <= 0.01;
  });
  if (!samePlane.length) {
    const planes = slices.map(s => along(geometryOf(s).geometry.position)).sort((a, b) => a - b);
    return `region on ${imageName(m.imageId)} (${here.toFixed(2)} mm along the slice normal), a plane where its segment has no pixels (they lie from ${planes[0].toFixed(2)} to ${planes.at(-1).toFixed(2)} mm)`;
  }
  // On the same grid (position, spacing, matrix) the region's pixel coordinates are the segment's: PS3.3 C.18.6.1.2,
  // the top left pixel's centre is at 0.5\0.5.
  const sameGrid = samePlane.filter(s => {
    const g = geometryOf(s);
    return closeTo(g.geometry.position, region.geometry.position, 0.01) && closeTo(g.geometry.spacing, region.geometry.spacing, 1e-4) && Number(g.ds.Columns) === Number(region.ds.Columns) && Number(g.ds.Rows) === Number(region.ds.Rows);
  });
  if (!sameGrid.length) return true;
  const points = asArray(m.coords[0].GraphicData).map(Number);
  const xs = points.filter((_, i) => i % 2 === 0);
  const ys = points.filter((_, i) => i % 2 === 1);
  // Even-odd rule: a pixel centre is inside when a ray from it crosses the outline an odd number of times.
  const inside = (x, y) => {
    let odd = false;
    for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) {
      if (ys[i] > y !== ys[j] > y && x < ((xs[j] - xs[i]) * (y - ys[i])) / (ys[j] - ys[i]) + xs[i]) odd = !odd;
    }
    return odd;
  };
  for (const s of sameGrid) {
    for (let p = 0; p < s.mask.length; p++) {
      if (s.mask[p] && inside((p % s.columns) + 0.5, Math.floor(p / s.columns) + 0.5)) return true;
    }
  }
  return `region on ${imageName(m.imageId)} (columns ${Math.min(...xs)}–${Math.max(...xs)}, rows ${Math.min(...ys)}–${Math.max(...ys)}) encloses none of its segment's pixels in that plane`;
}

async function checkSr(sr) {
  const ds = sr.dataset;
  const report = { file: rel(sr.file), kind: 'SR', series: ds.SeriesDescription ?? '', problems: [], notes: [], shows: [], drops: [], adapterLog: [] };
  const template = first(ds.ContentTemplateSequence)?.TemplateIdentifier;
  const isImagingMeasurementReport = conceptCode(ds) === CODE.imagingMeasurementReport;
  report.template = template;
  if (!isImagingMeasurementReport) {
    report.problems.push(`document title ${codeText(first(ds.ConceptNameCodeSequence))} is not "Imaging Measurement Report": OHIF shows no measurements`);
    return report;
  }

  // 1. OHIF's SR display set load.
  const { measurements, groups } = ohifMeasurements(ds.ContentSequence);
  report.measurementGroups = groups.length;
  report.ohifMeasurements = measurements.length;
  if (!groups.length) report.problems.push('no Measurement Group under Imaging Measurements');

  // _checkIfCanAddMeasurementsToDisplaySet: reads measurement.coords[0].ReferencedSOPSequence of every measurement.
  const sopInstanceUIDToImageId = {};
  let placed = 0;
  for (const m of measurements) {
    const coord = m.coords[0];
    if (!coord) {
      m.placement = 'no SCOORD: OHIF throws "Cannot read properties of undefined (reading \'ReferencedSOPSequence\')" and stops loading the SR';
      continue;
    }
    if (coord.ValueType === 'SCOORD3D') {
      const frame = coord.ReferencedFrameOfReferenceSequence;
      const match = [...instanceByImageId.values()].some(e => e.ds.FrameOfReferenceUID === frame);
      m.placement = match ? `SCOORD3D in frame of reference ${frame}` : `SCOORD3D frame of reference ${frame} matches no image in the folder`;
      if (match) placed++;
      continue;
    }
    const ref = first(coord.ReferencedSOPSequence);
    if (!ref) {
      m.placement = 'SCOORD without a referenced image: not placed';
      continue;
    }
    // OHIF looks the image up by "SOP Instance UID:frame", the frame being Referenced Frame Number or 1 without one.
    const frames = asArray(ref.ReferencedFrameNumber).map(Number);
    const multiFrameSource = imageIdBySopFrame.has(`${ref.ReferencedSOPInstanceUID}:2`);
    if (frames.length > 1) {
      m.placement = `SCOORD on ${ref.ReferencedSOPInstanceUID} frames ${frames.join('\\')}: OHIF reads one Referenced Frame Number and places none of them`;
      continue;
    }
    if (multiFrameSource && !frames.length) {
      m.placement = `SCOORD on multi-frame image ${ref.ReferencedSOPInstanceUID} without a Referenced Frame Number: OHIF draws it on frame 1, not on the frame it was drawn on (the SR's fault)`;
      continue;
    }
    const frame = frames[0] || 1;
    const imageId = imageIdBySopFrame.get(`${ref.ReferencedSOPInstanceUID}:${frame}`);
    if (!imageId) {
      m.placement = `SCOORD on ${ref.ReferencedSOPInstanceUID}${frames.length ? ` frame ${frame}` : ''}, not an image in the folder`;
      continue;
    }
    const entry = instanceByImageId.get(imageId);
    const points = asArray(coord.GraphicData).map(Number);
    const inside = [];
    for (let i = 0; i + 1 < points.length; i += 2) inside.push(points[i] >= 0 && points[i] <= Number(entry.ds.Columns) && points[i + 1] >= 0 && points[i + 1] <= Number(entry.ds.Rows));
    if (!inside.every(Boolean)) {
      m.placement = `SCOORD ${coord.GraphicType} has points outside image ${entry.ds.Columns}×${entry.ds.Rows}`;
      continue;
    }
    sopInstanceUIDToImageId[`${ref.ReferencedSOPInstanceUID}:${frame}`] = imageId;
    m.imageId = imageId;
    m.placement = `${coord.GraphicType} on ${imageName(imageId)}`;
    placed++;
  }
  report.placed = placed;
  let onSegment = 0;
  for (const m of measurements) {
    const finding = regionOnItsSegment(m);
    if (finding === true) onSegment++;
    else if (finding) report.problems.push(`"${m.trackingIdentifier}": ${finding}`);
  }
  report.onTheirSegment = onSegment;
  const firstUnplaceable = measurements.find(m => !m.coords[0]);
  if (firstUnplaceable) {
    report.problems.push(`${measurements.filter(m => !m.coords[0]).length} of ${measurements.length} measurements have no SCOORD/SCOORD3D (first: "${firstUnplaceable.trackingIdentifier}"): OHIF 3.13 fails with TypeError reading 'ReferencedSOPSequence' and shows a black viewport`);
  }
  for (const m of measurements.filter(m => m.coords[0] && !m.imageId && !String(m.placement).startsWith('SCOORD3D in'))) {
    report.problems.push(`"${m.trackingIdentifier}": ${m.placement}`);
  }

  // 2. Hydration with the Cornerstone3D SR adapter, as OHIF's hydrateStructuredReport does.
  const { MeasurementReport } = adaptersSR.Cornerstone3D;
  const run = await captureConsole(() => MeasurementReport.generateToolState(ds, sopInstanceUIDToImageId, metaData));
  const logCounts = new Map();
  for (const l of run.lines.filter(l => l.startsWith('warn:') || l.startsWith('error:')).map(l => l.replace(/\s+/g, ' ').slice(0, 160))) logCounts.set(l, (logCounts.get(l) ?? 0) + 1);
  report.adapterLog = [...logCounts].map(([l, n]) => (n > 1 ? `${n}× ${l}` : l)).slice(0, 10);
  let hydrated = 0;
  if (run.error) report.problems.push(`MeasurementReport.generateToolState failed: ${run.error.message}`);
  else {
    const byType = run.value ?? {};
    report.adapterTools = Object.fromEntries(Object.entries(byType).map(([type, list]) => [type, list.length]));
    hydrated = Object.values(byType).reduce((n, list) => n + list.length, 0);
  }
  report.hydrated = hydrated;
  // OHIF's isRehydratable: does any measurement map to a tool adapter, by tracking identifier or by graphic type?
  const rehydratable = measurements.filter(m =>
    MeasurementReport.getAdapterForTrackingIdentifier(m.trackingIdentifier) ||
    (m.graphicType && MeasurementReport.getAdaptersForTypes(m.graphicCode, m.graphicType, m.pointsLength).length)
  ).length;
  report.rehydratable = rehydratable;
  // Hydration turns SR measurements into editable Cornerstone tools; the adapter does it only for its own tracking
  // identifiers, 4–5-point polylines (rectangles) and points. Other image regions stay read-only SR annotations,
  // which OHIF still draws and lists: a note, not a loss.
  if (hydrated < measurements.length) report.notes.push(`the Cornerstone3D SR adapter hydrates ${hydrated} editable tools from ${groups.length} measurement groups (${rehydratable} of ${measurements.length} measurements map to a tool adapter): the others stay read-only SR annotations`);

  // 3. What each measurement shows in OHIF's panel, and what it drops.
  for (const m of measurements) {
    report.shows.push(`${m.trackingIdentifier}: ${m.labels.map(l => `${l.label} ${l.value}`.trim()).join('; ') || '(no values)'} — ${m.placement}`);
    const numsDropped = m.dropped.filter(i => i.ValueType === 'NUM');
    for (const item of m.dropped) report.drops.push(`${m.trackingIdentifier}: ${item.ValueType} ${meaning(item)} = ${valueText(item)}`);
    if (numsDropped.length) report.problems.push(`"${m.trackingIdentifier}": measurements not shown: ${numsDropped.map(meaning).join(', ')}`);
  }

  // 4. Stage and counts, read from the content tree with dcmjs (outside the measurement groups).
  const outside = [...contentItems(ds.ContentSequence)].filter(({ trail }) => !trail.includes('Measurement Group') && !trail.includes('Image Library'));
  const nStage = outside.filter(({ item }) => N_STAGE.test(meaning(item)));
  const mStage = outside.filter(({ item }) => M_STAGE.test(meaning(item)));
  const counts = outside.filter(({ item }) => COUNT.test(meaning(item)));
  const describe = ({ item, trail }) => `${trail.at(-1) ?? '(root)'} › ${item.ValueType} ${meaning(item)} ${codeText(first(item.ConceptNameCodeSequence))} = ${valueText(item)}`;
  report.stage = { n: nStage.map(describe), m: mStage.map(describe) };
  report.counts = counts.map(describe);
  if (!nStage.length) report.problems.push('no N category found');
  if (!mStage.length) report.problems.push('no M category found');
  for (const e of [...nStage, ...mStage]) if (e.item.ValueType !== 'CODE') report.problems.push(`stage "${meaning(e.item)}" is ${e.item.ValueType} ${valueText(e.item)}, not a coded value`);
  if (!counts.length) report.problems.push('no counts (Number of …) found');
  // Qualitative Evaluations admits CODE and TEXT only (TID 1500 rows 13–14): a count is a NUM elsewhere, or a TEXT
  // holding a whole number under a coded concept name.
  for (const e of counts) {
    const number = e.item.ValueType === 'NUM' ? first(e.item.MeasuredValueSequence)?.NumericValue : e.item.ValueType === 'TEXT' ? e.item.TextValue : undefined;
    if (number === undefined || !/^\s*\d+\s*$/.test(String(number))) report.problems.push(`count "${meaning(e.item)}" is ${e.item.ValueType} ${valueText(e.item)}, not a whole number`);
  }

  // Every code from a private scheme (99…) must be declared in the Coding Scheme Identification Sequence (PS3.3 C.12.1).
  const declared = new Set(asArray(ds.CodingSchemeIdentificationSequence).map(c => c.CodingSchemeDesignator));
  const privateCodes = new Map();
  for (const { item } of contentItems(ds.ContentSequence)) {
    for (const code of [first(item.ConceptNameCodeSequence), first(item.ConceptCodeSequence)]) {
      if (code?.CodingSchemeDesignator?.startsWith('99') && !declared.has(code.CodingSchemeDesignator)) privateCodes.set(code.CodingSchemeDesignator, codeText(code));
    }
  }
  for (const [scheme, example] of privateCodes) report.problems.push(`private coding scheme ${scheme} (e.g. ${example}) is not declared in the Coding Scheme Identification Sequence`);
  const qualitative = asArray(ds.ContentSequence).filter(item => !['Image Library', 'Imaging Measurements'].includes(meaning(item)) && item.ValueType === 'CONTAINER');
  for (const container of qualitative) report.drops.push(`${meaning(container)} container (${asArray(container.ContentSequence).length} items): not read by OHIF 3.13's SR panel`);
  return report;
}

// ---------------------------------------------------------------------------------------------- run, report

const reports = [];
for (const seg of objects.seg) reports.push(await checkSeg(seg));
for (const sr of objects.sr) {
  const report = await checkSr(sr);
  compareSrVolumes(report, sr.dataset, reports.filter(r => r.kind === 'SEG'));
  reports.push(report);
}

const here = path.dirname(new URL(import.meta.url).pathname);
const versionOf = name => JSON.parse(fs.readFileSync(path.join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
const versions = { dcmjs: versionOf('dcmjs'), adapters: versionOf('@cornerstonejs/adapters') };
const lines = [];
lines.push(`viewer bench: dcmjs ${versions.dcmjs}, @cornerstonejs/adapters ${versions.adapters}; ${imageIdScheme} imageIds; ${folder}`);
lines.push(`  ${objects.images.length} source images (${instanceByImageId.size} frames) in ${displaySetsBySeries.size} series, ${objects.seg.length} SEG, ${objects.sr.length} SR, ${objects.secondaryCaptures.length} secondary capture, ${objects.pdfs.length} encapsulated PDF`);
for (const r of reports) {
  lines.push('');
  lines.push(`${r.problems.length ? 'FAIL' : 'ok  '} ${r.kind} ${r.file}${r.series ? ` (${r.series})` : ''}`);
  if (r.kind === 'SEG') {
    lines.push(`     source series ${r.sourceSeries}: ${r.sourceImages} images; adapter run with images by ${(r.orders ?? []).join(' / ')}: ${r.labelmapLayers ?? '-'} labelmap layer(s), overlappingSegments=${r.overlappingSegments ?? '-'}`);
    if (r.volume) {
      const v = r.volume;
      lines.push(`     volume: ${v.labelmapImages} labelmap images, source ${v.sourcePositions} positions ${v.sourceSliceSpacing.toFixed(3)} mm apart (${v.imagesPerPosition} images each); SEG Spacing Between Slices ${v.segSpacingBetweenSlices} mm; OHIF's z spacing ${v.ohifSliceSpacing.toFixed(3)} mm`);
    }
    for (const s of r.segments) {
      const volume = s.segVolumeMm3 === undefined ? '' : `; ${s.segVolumeMm3.toFixed(0)} mm³, OHIF ${s.ohifVolumesMm3.map(v => v.toFixed(0)).join('/')} mm³`;
      lines.push(`     segment ${String(s.number).padStart(2)} ${s.label.padEnd(34)} ${String(s.pixels).padStart(7)} px on ${String(s.slices).padStart(3)} slices; loaded ${s.loaded.join('/')}, lost ${s.lost.join('/')}, misplaced ${s.misplaced.join('/')}, overlapping ${s.sharedWithAnotherSegment}${volume}`);
    }
  } else {
    lines.push(`     template ${r.template}; ${r.measurementGroups ?? 0} measurement groups → ${r.ohifMeasurements ?? 0} OHIF measurements, ${r.placed ?? 0} placed on an image (${r.onTheirSegment ?? 0} of them on their segment), ${r.hydrated ?? 0} hydrated by the adapter ${r.adapterTools ? JSON.stringify(r.adapterTools) : ''}`);
    lines.push('     OHIF measurement panel shows:');
    for (const s of r.shows) lines.push(`       ${s}`);
    lines.push(`     N: ${r.stage?.n.join(' | ') || '(none)'}`);
    lines.push(`     M: ${r.stage?.m.join(' | ') || '(none)'}`);
    for (const c of r.counts ?? []) lines.push(`     count: ${c}`);
    if (r.drops.length) {
      lines.push(`     OHIF drops (${r.drops.length}):`);
      for (const d of r.drops.slice(0, 40)) lines.push(`       ${d}`);
      if (r.drops.length > 40) lines.push(`       … ${r.drops.length - 40} more`);
    }
  }
  for (const n of r.notes ?? []) lines.push(`     note: ${n}`);
  for (const p of r.problems) lines.push(`     ✗ ${p}`);
  for (const l of r.adapterLog) lines.push(`     adapter ${l}`);
}
for (const o of objects.other) lines.push(`note: ${rel(o.file)}: ${o.why}`);
const failed = reports.filter(r => r.problems.length);
if (!objects.seg.length && !objects.sr.length) {
  lines.push('');
  lines.push('FAIL no SEG and no SR in the folder');
}
lines.push('');
lines.push(failed.length || (!objects.seg.length && !objects.sr.length) ? `FAIL: ${failed.length} of ${reports.length} objects lose something in the viewer adapters` : `ok: all ${reports.length} objects load whole`);
console.log(lines.join('\n'));
if (jsonOut) {
  fs.writeFileSync(jsonOut, JSON.stringify({ versions, imageIdScheme, folder, reports }, (k, v) => (v instanceof Set ? undefined : v), 2));
}
process.exit(failed.length || (!objects.seg.length && !objects.sr.length) ? 1 : 0);
