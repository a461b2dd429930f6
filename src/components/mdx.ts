/** Components every lesson can use without importing them. */
import DeviceTree from './DeviceTree.astro';
import Lab from './Lab.astro';
import LabFigure from './LabFigure.astro';

export const mdxComponents = { Lab, LabFigure, DeviceTree };
