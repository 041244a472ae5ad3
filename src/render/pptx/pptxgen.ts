import mod from 'pptxgenjs';

/**
 * pptxgenjs's types describe a CommonJS module, so under NodeNext the default import is typed as the
 * module namespace while at run time (its ESM build) it is the class itself. This file is the one
 * place that reconciles the two.
 */
export const PptxGenJS = mod as unknown as typeof mod.default;
export type Pptx = mod.default;
export type PptxSlide = mod.default.Slide;
export type TextProps = mod.default.TextProps;
export type TextPropsOptions = mod.default.TextPropsOptions;
export type SlideMasterProps = mod.default.SlideMasterProps;
export type TableRow = mod.default.TableRow;
