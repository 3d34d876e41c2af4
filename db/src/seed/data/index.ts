import { AT } from './at.js';
import { BE } from './be.js';
import { BG } from './bg.js';
import { CY } from './cy.js';
import { CZ } from './cz.js';
import { DE } from './de.js';
import { DK } from './dk.js';
import { EE } from './ee.js';
import { ES } from './es.js';
import { FI } from './fi.js';
import { FR } from './fr.js';
import { GB } from './gb.js';
import { GR } from './gr.js';
import { HR } from './hr.js';
import { HU } from './hu.js';
import { IE } from './ie.js';
import { IS } from './is.js';
import { IT } from './it.js';
import { LI } from './li.js';
import { LT } from './lt.js';
import { LU } from './lu.js';
import { LV } from './lv.js';
import { MT } from './mt.js';
import { NL } from './nl.js';
import { NO } from './no.js';
import { PL } from './pl.js';
import { PT } from './pt.js';
import { RO } from './ro.js';
import { SE } from './se.js';
import { SI } from './si.js';
import { SK } from './sk.js';
import type { CountrySeed } from './types.js';

export type { CountrySeed, PhonePlan, RegionSeed } from './types.js';

/** Keyed by ISO code; the generator walks shared COUNTRIES so its order decides the row order. */
export const COUNTRY_SEEDS: Readonly<Record<string, CountrySeed>> = {
  AT,
  BE,
  BG,
  HR,
  CY,
  CZ,
  DK,
  EE,
  FI,
  FR,
  DE,
  GR,
  HU,
  IE,
  IT,
  LV,
  LT,
  LU,
  MT,
  NL,
  PL,
  PT,
  RO,
  SK,
  SI,
  ES,
  SE,
  IS,
  LI,
  NO,
  GB,
};
