/** Components every lesson can use without importing them, and the HTML elements they replace. */
import DeviceTree from './DeviceTree.astro';
import Lab from './Lab.astro';
import LabFigure from './LabFigure.astro';
import ScrollTable from './site/ScrollTable.astro';

export const mdxComponents = { Lab, LabFigure, DeviceTree, table: ScrollTable };
