/** The counter view of Zhang Wei: the first query the README, `npm start` and the explorer show. */
export const COUNTER_VIEW_QUERY = /* GraphQL */ `
  query CounterView($id: ID!) {
    person(id: $id) {
      id
      name
      documentType
      birthDate
      certificates {
        id
        type
        title
        issuer {
          code
          name
        }
        status
        validUntil
      }
      properties {
        address
        floorAreaM2
        usage
      }
      socialSecurity {
        cardNumber
        status
        contributionMonths
        employerName
      }
      companies {
        uscc
        name
        legalRepresentative {
          name
        }
        licences {
          type
          number
          status
          validUntil
        }
        taxStatus {
          creditRating
          status
          inGoodStanding
        }
        cases(open: true) {
          id
          matterName
          status
          channel
        }
      }
      cases(open: true) {
        id
        matterName
        status
        channel
      }
    }
  }
`;

export const COUNTER_VIEW_VARIABLES = { id: '310107199003070017' };

/** The purpose the counter view is asked with: Zhang Wei's golden case (a household register certificate for his daughter). */
export const COUNTER_VIEW_PURPOSE = 'case:C2026110200001';
